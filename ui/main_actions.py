"""The main window's commands: its actions (with their shortcuts), the menus that hold them, and
which of them the open workspace's role may use.

``MainActions`` is mixed into ``MainWindow`` (which owns the workspace and the slots the actions
trigger). Its texts keep the window's translation context (``MainWindow``), so the Korean
written for them there still applies.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from fieldapp.services import session

# lupdate reads the context from each call: the window's, whose Korean already exists.
translate = QCoreApplication.translate


class MainActions:
    """Builds the window's actions (``lock_action``, ``export_action``, …) and menus, and
    enables each for the role of the open workspace (``_update_actions``)."""

    # Provided by MainWindow.
    _workspace: Any
    _root: Path
    lock_action: QAction
    settings_action: QAction
    quit_action: QAction
    new_action: QAction
    list_action: QAction
    export_action: QAction
    apply_pack_action: QAction
    request_action: QAction
    resend_action: QAction
    import_action: QAction
    receipt_action: QAction
    enrol_device_action: QAction
    withdrawal_packs_action: QAction
    vocabularies_action: QAction
    verify_action: QAction
    key_backup_action: QAction
    key_shares_action: QAction
    recovery_code_action: QAction
    close: Callable[[], bool]
    on_lock_requested: Callable[[], None]
    on_settings_requested: Callable[[], None]
    on_new_testimony_requested: Callable[[], None]
    on_editor_closed: Callable[[], None]
    on_export_requested: Callable[[], None]
    on_apply_pack_requested: Callable[[], None]
    on_enrolment_request_requested: Callable[[], None]
    on_resend_requested: Callable[[], None]
    on_import_requested: Callable[[], None]
    on_receipts_requested: Callable[[], None]
    on_enrol_device_requested: Callable[[], None]
    on_withdrawal_packs_requested: Callable[[], None]
    on_vocabularies_requested: Callable[[], None]
    on_verify_files_requested: Callable[[], None]

    def _as_window(self) -> QMainWindow:
        assert isinstance(self, QMainWindow)  # the mixin lives in the window: actions sit on it
        return self

    def _action(self, text: str, slot: Any, shortcut: QKeySequence | None = None) -> QAction:
        window = self._as_window()
        action = QAction(text, window)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        window.addAction(action)  # shortcuts work with the menus closed
        return action

    def _make_actions(self) -> None:
        self._make_workspace_actions()
        self._make_device_sync_actions()
        self._make_archive_sync_actions()
        # The auditor's check: every role's, and no workspace's, so never disabled.
        self.verify_action = self._action(
            translate("MainWindow", "Veri&fy files…"), self.on_verify_files_requested
        )
        self.verify_action.setStatusTip(
            translate(
                "MainWindow",
                "Check that bundles and packs are signed by enrolled keys, unbroken and in order",
            )
        )

    def _make_workspace_actions(self) -> None:
        key = QKeySequence
        self.lock_action = self._action(
            translate("MainWindow", "&Lock"), self.on_lock_requested, key("Ctrl+L")
        )
        self.lock_action.setStatusTip(
            translate("MainWindow", "Close the workspace and forget its keys")
        )
        self.settings_action = self._action(
            translate("MainWindow", "&Settings…"), self.on_settings_requested
        )
        self.key_backup_action = self._action(
            translate("MainWindow", "Back up the &keys…"), self.on_key_backup_requested
        )
        self.key_shares_action = self._action(
            translate("MainWindow", "Split the keys into s&hares…"), self.on_key_shares_requested
        )
        self.recovery_code_action = self._action(
            translate("MainWindow", "Make a new &recovery code…"), self.on_recovery_code_requested
        )
        self.recovery_code_action.setStatusTip(
            translate(
                "MainWindow",
                "Replace the recovery code on your paper: the old one works until the new one"
                " is read back",
            )
        )
        self.quit_action = self._action(
            translate("MainWindow", "&Quit"), self.close, key(key.StandardKey.Quit)
        )
        self.new_action = self._action(
            translate("MainWindow", "&New testimony"),
            self.on_new_testimony_requested,
            key("Ctrl+N"),
        )
        self.list_action = self._action(
            translate("MainWindow", "Back to the &list"), self.on_editor_closed, key("Ctrl+Shift+L")
        )

    def _make_device_sync_actions(self) -> None:
        self.export_action = self._action(
            translate("MainWindow", "&Export to USB…"),
            self.on_export_requested,
            QKeySequence("Ctrl+E"),
        )
        self.apply_pack_action = self._action(
            translate("MainWindow", "&Apply pack…"), self.on_apply_pack_requested
        )
        self.request_action = self._action(
            translate("MainWindow", "Write enrolment &request…"),
            self.on_enrolment_request_requested,
        )
        self.resend_action = self._action(
            translate("MainWindow", "Send a lost bundle a&gain…"), self.on_resend_requested
        )

    def _make_archive_sync_actions(self) -> None:
        # The coordinator's: shown on an archive, where the device's are hidden.
        self.import_action = self._action(
            translate("MainWindow", "&Import bundles…"),
            self.on_import_requested,
            QKeySequence("Ctrl+I"),
        )
        self.receipt_action = self._action(
            translate("MainWindow", "Write re&ceipts…"), self.on_receipts_requested
        )
        self.enrol_device_action = self._action(
            translate("MainWindow", "E&nrol a device…"), self.on_enrol_device_requested
        )
        self.withdrawal_packs_action = self._action(
            translate("MainWindow", "Write &withdrawal packs…"), self.on_withdrawal_packs_requested
        )
        self.vocabularies_action = self._action(
            translate("MainWindow", "Send &vocabularies…"), self.on_vocabularies_requested
        )

    def _make_menus(self) -> None:
        workspace = [
            self.lock_action,
            self.settings_action,
            None,
            self.key_backup_action,
            self.key_shares_action,
            self.recovery_code_action,
            None,
            self.quit_action,
        ]
        menus: list[tuple[str, list[QAction | None]]] = [
            (translate("MainWindow", "&Workspace"), workspace),
            (translate("MainWindow", "&Testimony"), [self.new_action, self.list_action]),
            (
                translate("MainWindow", "&Sync"),
                [
                    *self._device_sync_actions(),
                    None,
                    *self._archive_sync_actions(),
                    None,
                    self.verify_action,
                ],
            ),
        ]
        for title, actions in menus:
            menu: QMenu = self._as_window().menuBar().addMenu(title)
            for action in actions:
                menu.addSeparator() if action is None else menu.addAction(action)

    def _device_sync_actions(self) -> list[QAction]:
        return [self.export_action, self.apply_pack_action, self.request_action, self.resend_action]

    def _archive_sync_actions(self) -> list[QAction]:
        return [
            self.import_action,
            self.receipt_action,
            self.enrol_device_action,
            self.withdrawal_packs_action,
            self.vocabularies_action,
        ]

    def _update_actions(self) -> None:
        unlocked = self._workspace is not None
        role = session.workspace_role(self._workspace) if unlocked else None
        for action in (
            self.lock_action,
            self.list_action,
            self.key_backup_action,
            self.key_shares_action,
            self.recovery_code_action,
        ):
            action.setEnabled(unlocked)
        self.new_action.setEnabled(role == "interviewer")
        # Each role sees its own sync actions; while locked, all are shown, disabled.
        for actions, own in (
            (self._device_sync_actions(), "interviewer"),
            (self._archive_sync_actions(), "archive"),
        ):
            for action in actions:
                action.setEnabled(role == own)
                action.setVisible(role in (None, own))

    # -- the keys' dialogs (every role: a laptop's keys are lost as easily as the archive's) --
    def _open_keys_dialog(self, dialog: Any) -> None:
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    @Slot()
    def on_key_backup_requested(self) -> None:
        from ui.views.key_backup_dialog import KeyBackupDialog

        if self._workspace is not None and self.key_backup_action.isEnabled():
            window = self._as_window()
            self._open_keys_dialog(KeyBackupDialog(self._workspace, self._root, window))

    @Slot()
    def on_key_shares_requested(self) -> None:
        from ui.views.key_shares_dialog import KeySharesDialog

        if self._workspace is not None and self.key_shares_action.isEnabled():
            window = self._as_window()
            self._open_keys_dialog(KeySharesDialog(self._workspace, self._root, window))

    @Slot()
    def on_recovery_code_requested(self) -> None:
        from ui.views.recovery_code_dialog import RecoveryCodeDialog

        if self._workspace is not None and self.recovery_code_action.isEnabled():
            window = self._as_window()
            self._open_keys_dialog(RecoveryCodeDialog(self._workspace, self._root, window))
