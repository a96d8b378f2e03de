"""What the window shows in a folder with no workspace: a way to set one up, or to leave."""

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from ui.widgets.plain_text_label import PlainTextLabel


class WelcomeView(QWidget):
    """Emits ``setup_requested()`` or ``quit_requested()``."""

    setup_requested = Signal()
    quit_requested = Signal()

    def __init__(self, root: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel(self.tr("There is no workspace here yet"))
        heading.setAccessibleName(self.tr("There is no workspace here yet"))
        explanation = QLabel(
            self.tr(
                "Set up this laptop for interviews, or as the coordinator's archive. It takes"
                " a few minutes: a passphrase, and a recovery code to write on paper."
            )
        )
        explanation.setWordWrap(True)
        location = PlainTextLabel(str(root))  # a path from outside: plain text only
        location.setAccessibleName(self.tr("Workspace folder"))
        self.setup_button = QPushButton(self.tr("&Set up…"))
        self.setup_button.setDefault(True)
        self.quit_button = QPushButton(self.tr("&Quit"))
        layout = QVBoxLayout(self)
        layout.addStretch()
        for widget in (heading, explanation, location, self.setup_button, self.quit_button):
            layout.addWidget(widget)
        layout.addStretch()
        layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.setup_button.clicked.connect(self.setup_requested)
        self.quit_button.clicked.connect(self.quit_requested)
