from django.contrib import admin

from accounts.admin import MembershipAdmin

from .forms import OperatorPasswordResetForm
from .models import OperatorMembership
from .views import OPERATORS


@admin.register(OperatorMembership)
class OperatorMembershipAdmin(MembershipAdmin):
    entrance = OPERATORS
    reset_form = OperatorPasswordResetForm
