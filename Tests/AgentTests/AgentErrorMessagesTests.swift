import FieldSyncShared
import Testing

@testable import FieldSyncAgent

/// The agent's error wording lives in `AgentError+Messages.swift`: each constructor keeps the code
/// (and so the exit status) and the text its call site had before the wording moved there.
@Suite("Agent error messages")
struct AgentErrorMessagesTests {
    @Test("Each kind of failure keeps its exit status: 64 bad input, 75 try later, 77 refused, 1 else")
    func exitCodes() {
        let cases: [(AgentError, AgentError.Code, Int32)] = [
            (.offline(server: "https://hq", reason: "timed out"), .offline, 75),
            (.syncRunning(databasePath: "r.sqlite"), .offline, 75),
            (.refused("token revoked"), .refused, 77),
            (.tokenRevoked(kept: 2), .refused, 77),
            (.nothingToEdit(kind: .customer), .invalidInput, 64),
            (.unreadableFile("a.json"), .invalidInput, 64),
            (.noTechnicianName(), .invalidInput, 64),
            (.noStatusFilter(), .invalidInput, 64),
            (.unknownRecord(kind: .visit, id: "abcd"), .unknownRecord, 1),
            (.cannotSync(server: "https://hq", reason: "bad certificate"), .protocolError, 1),
            (.forked("replica_forked"), .forked, 1),
            (.ownWriteDiffers(counter: 3, id: "abcd"), .forked, 1),
            (.diskFull(path: "r.sqlite", folder: ""), .storage, 1),
            (.opinionCardImmutable(), .immutable, 1),
        ]
        for (error, code, exit) in cases {
            #expect(error.code == code, "\(error)")
            #expect(error.exitCode == exit, "\(error)")
        }
    }

    @Test("Texts are the ones the call sites said, in both languages")
    func texts() {
        let missing = AgentError.unknownRecord(kind: .customer, id: "1a2b")
        #expect(missing.message.english == "no customer with id 1a2b; list them with `fieldsync customer list`")
        #expect(missing.message.chinese == "没有编号为 1a2b 的客户；可用 `fieldsync customer list` 查看")

        let full = AgentError.diskFull(path: "replica.sqlite", folder: "")
        #expect(
            full.message.english
                == "the disk holding replica.sqlite is full; nothing was changed. Free some space (df -h .) and run the command again"
        )
        #expect(AgentError.diskFull(path: "/d/r.sqlite", folder: "/d").message.chinese.contains("（df -h /d）"))

        let offline = AgentError.offline(server: "https://hq.example", reason: "timed out")
        #expect(
            offline.message.english
                == "offline: https://hq.example cannot be reached (timed out). Your work is kept here; sync again later"
        )
        #expect(offline.message.chinese == "离线：无法连接 https://hq.example（timed out）。工作已保存在本机，稍后再同步")

        let answer = AgentError.unexpectedAnswer(status: 418, message: "teapot")
        #expect(answer.code == .protocolError)
        #expect(answer.message.english == "the server answered 418: teapot; nothing was lost")
        #expect(answer.message.chinese == "the server answered 418: teapot；数据未丢失")

        let item = AgentError.invalidItem(number: 3, .nothingToEdit(kind: .customer))
        #expect(item.code == .invalidInput)
        #expect(item.message.english.hasPrefix("item 3: say what to change"))
        #expect(item.message.chinese.hasPrefix("第 3 条：请指定要修改的字段"))

        let conflict = AgentError.fieldInConflict(kind: .customer, id: "1a2b", field: "phone")
        #expect(
            conflict.message.english
                == "field phone of customer 1a2b is in conflict; settle it with `fieldsync resolve customer 1a2b --field phone`"
        )
    }
}
