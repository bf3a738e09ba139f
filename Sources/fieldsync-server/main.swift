import FieldSyncServer

await ServerCommand.runMain()
