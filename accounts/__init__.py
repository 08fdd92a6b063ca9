"""Sign-in for staff (the admin) and for funders (their space): see accounts/views.py."""
