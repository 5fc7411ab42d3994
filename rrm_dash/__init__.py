"""RRM Dash: the situational-awareness dashboard of the G7 Rapid Response Mechanism."""

from __future__ import annotations

from pathlib import Path

__version__ = "0.1.0"

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
