import FieldSyncShared
import Testing

/// `ProgressText`: the sync's progress line on a terminal, pinned.
@Suite struct ProgressTextTests {
    @Test func pushShowsDoneTotalPercentRateAndTimeLeft() {
        #expect(
            ProgressText.line(.push, done: 40_000, total: 100_000, seconds: 2, language: .english)
                == "pushing [########............] 40,000/100,000  40%  20,000/s  3 s left")
        #expect(
            ProgressText.line(.pull, done: 1_000, total: 451_000, seconds: 2, language: .english, width: 10)
                == "pulling [..........] 1,000/451,000  0%  500/s  15 min 00 s left")
        #expect(
            ProgressText.line(.pull, done: 1, total: 1_000_000, seconds: 1, language: .english, width: 4)
                == "pulling [....] 1/1,000,000  0%  1/s  99 h 59 min left")
    }

    @Test func chinese() {
        #expect(
            ProgressText.line(.pull, done: 26_000, total: 45_000, seconds: 13, language: .chinese, width: 10)
                == "下载 [#####.....] 26,000/45,000  57%  2,000 条/秒  剩余 10 秒")
        #expect(
            ProgressText.line(.push, done: 100, total: 100, seconds: 1, language: .chinese, width: 4)
                == "上传 [####] 100/100  100%  100 条/秒")
    }

    @Test func noGuessesBeforeThereIsSomethingToMeasure() {
        #expect(
            ProgressText.line(.push, done: 0, total: 500, seconds: 0, language: .english, width: 4)
                == "pushing [....] 0/500  0%")
        #expect(
            ProgressText.line(.pull, done: 0, total: 0, seconds: 0, language: .english, width: 4)
                == "pulling [####] 0/0  100%")
        // The total not known yet (the server has not counted): the count and the rate.
        #expect(
            ProgressText.line(.pull, done: 26_000, total: nil, seconds: 2, language: .english)
                == "pulling 26,000  13,000/s")
        // More arrived than the server counted: never past 100%.
        #expect(
            ProgressText.line(.pull, done: 1_200, total: 1_000, seconds: 1, language: .english, width: 4)
                == "pulling [####] 1,200/1,200  100%  1,200/s")
    }
}
