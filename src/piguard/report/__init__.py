"""Renderers: terminal text for assessments now; HTML and PDF case reports arrive with issue #5."""
