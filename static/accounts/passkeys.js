// Beside django-otp-webauthn's own script (accounts/passkeys.py), on the pages that add or use
// a passkey: reload the page once a passkey is added (it is listed, to be named), and once a
// refused passkey ended the session (django-axes answers with its lockout page, status 429).
"use strict";

document.addEventListener("otp_webauthn.register_complete", () => {
  window.location.reload();
});

document.addEventListener("otp_webauthn.verification_failed", (event) => {
  const response = event.detail && event.detail.response;
  if (response && response.status === 429) {
    window.location.reload();
  }
});
