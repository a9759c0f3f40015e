"""The deployment recipe (deploy/README.md): nginx in front of gunicorn instances. Not imported by the app."""
