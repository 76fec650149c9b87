import os

# The suite runs with production settings (DEBUG off); it only needs a key of its own.
os.environ.setdefault("SECRET_KEY", "tests-only-secret-key")
