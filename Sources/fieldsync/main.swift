import FieldSyncAgent

FieldSyncCommand.runMain()
