"""Two-factor authentication for practice staff, on django-otp.

A therapist or admin confirms every login with a code from an authenticator app (TOTP), or
with one of ten single-use recovery codes. ``middleware.StaffTwoFactorMiddleware`` enforces
it for every URL; ``devices`` holds the rules; ``demo`` gives the demo staff one shared
secret.
"""
