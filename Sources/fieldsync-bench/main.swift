import FieldSyncBench

await BenchCommand.runMain()
