import ArgumentParser
import FieldSyncShared
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `fieldsync card add|list`: the customer's opinion cards (意见卡), immutable once added.
struct CardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "card",
        abstract: "Opinion cards (意见卡): filled once by the customer, never changed afterwards.",
        subcommands: [Add.self, List.self, Show.self])

    struct Fields: RecordFieldOptions {
        static let kind = RecordKind.opinionCard

        @Option(help: "The customer's id, or a unique part of it.") var customer: String?
        @Option(help: "The visit the card is about.") var visit: String?
        @Option(help: "Region. Default: the customer's.") var region: String?
        @Option(help: "satisfied, fairly-satisfied, unsatisfied (满意 基本满意 不满意) or a score 1–5.") var rating: String?
        @Option(help: "What the customer praised (表扬).") var praise: String?
        @Option(help: "What the customer complained of on the card (意见).") var complaintText: String?
        @Option(help: "Who filled the card (填写人).") var filledBy: String?
        @Option(help: "When the card was filled. Default: now.") var filledAt: String?

        var entries: [(field: String, texts: [String])] {
            [
                entry("customer", customer), entry("visit", visit), entry("region", region), entry("rating", rating),
                entry("praise", praise), entry("complaint_text", complaintText), entry("filled_by", filledBy),
                entry("filled_at", filledAt),
            ]
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an opinion card as the customer filled it.",
            discussion: """
                A card rated unsatisfied (不满意, or a score of 1 or 2) should become a complaint, so that \
                nothing the customer wrote is left unread. With --open-complaint the complaint is opened \
                with the card, in one step: channel opinion-card, linked to the card (and its visit), \
                received when the card was filled, describing what the customer wrote. On a terminal \
                fieldsync asks instead; --no-complaint skips the question. With --json the complaint \
                comes inside the card's object, as opened_complaint.
                """)
        @OptionGroup var fields: Fields
        @Flag(help: "If the card is rated unsatisfied, also open a complaint from it, without asking.")
        var openComplaint = false
        @Flag(help: "Do not offer to open a complaint for an unsatisfied card.") var noComplaint = false
        @OptionGroup var options: GlobalOptions

        func validate() throws {
            if openComplaint && noComplaint {
                throw ValidationError("--open-complaint and --no-complaint contradict each other: give one of them")
            }
        }

        func run() throws {
            let store = try options.openStore()
            let values = try RecordActions.newValues(fields: fields, store: store, options: options) { store, values in
                if values["filled_at"] == nil { values["filled_at"] = .string(ServiceTime.current.description) }
                if values["customer"] == nil, let visit = values["visit"]?.stringValue.flatMap(RecordID.init) {
                    values["customer"] = try store.record(kind: .visit, id: visit).state.value(of: "customer")
                }
            }
            let unsatisfied = Self.rating(of: values).map(DueList.isUnsatisfied) ?? false
            var open = false
            if unsatisfied && !noComplaint {
                open = openComplaint || (Self.isInteractive && !options.json && askToOpen())
            } else if openComplaint && !unsatisfied {
                let note = Message(
                    "the card is not rated unsatisfied: no complaint opened", zh: "该意见卡并非“不满意”：未登记投诉")
                FileHandle.standardError.write(Data((note.text(in: options.language) + "\n").utf8))
            }
            guard open else {
                let card = try store.create(kind: .opinionCard, values: values)
                RecordActions.show(card, options: options, heading: RecordActions.addedHeading(card))
                return
            }
            let saved = try store.create(kind: .opinionCard, values: values) { card in
                [(.complaint, Self.complaint(from: values, card: card, language: options.language))]
            }
            let (card, complaint) = (saved[0], saved[1])
            if options.json {
                guard case .object(var object) = options.presenter.jsonObject(card) else { return }
                object["opened_complaint"] = options.presenter.jsonObject(complaint)
                print(JSONText.encode(JSONValue.object(object)))
            } else {
                RecordActions.show(card, options: options, heading: RecordActions.addedHeading(card))
                RecordActions.show(
                    complaint, options: options,
                    heading: Message(
                        "opened complaint \(complaint.id) from the card", zh: "已根据意见卡登记投诉 \(complaint.id)"))
            }
        }

        /// The complaint an unsatisfied card opens: what the customer wrote, received when the card was filled.
        static func complaint(from card: [String: JSONValue], card id: RecordID, language: Language) -> [String:
            JSONValue]
        {
            let written = card["complaint_text"]?.stringValue?.trimmingWhitespace() ?? ""
            let fallback = Message(
                "Opinion card rated unsatisfied; the customer wrote no reason on it.",
                zh: "意见卡评价不满意，客户未在卡上写明原因。")
            return [
                "customer": card["customer"] ?? .null, "region": card["region"] ?? .null,
                "channel": "opinion-card", "severity": "general", "status": "open",
                "received_at": card["filled_at"] ?? .string(ServiceTime.current.description),
                "description": .string(written.isEmpty ? fallback.text(in: language) : written),
                "visit": card["visit"] ?? .null, "card": .string(id.description),
            ]
        }

        /// The card's rating as typed values hold it (a word, or a score), if it reads as one.
        static func rating(of values: [String: JSONValue]) -> Rating? {
            guard let value = values["rating"], let data = try? JSONText.data(value) else { return nil }
            return try? JSONText.decode(Rating.self, from: data)
        }

        /// Whether a person is at the keyboard: standard input and output are both terminals.
        static var isInteractive: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 }

        /// Asks whether to open a complaint; Enter means yes.
        func askToOpen() -> Bool {
            let question = Message(
                "Open a complaint for this unsatisfied card? [Y/n] ", zh: "为这张不满意的意见卡登记投诉吗？[Y/n] ")
            for _ in 0..<3 {
                print(question.text(in: options.language), terminator: "")
                fflush(nil)  // every stream: naming `stdout` is not concurrency-safe in Swift 6
                guard let answer = readLine()?.trimmingWhitespace().lowercased() else { return false }
                if ["", "y", "yes", "是", "好", "要"].contains(answer) { return true }
                if ["n", "no", "否", "不", "不要"].contains(answer) { return false }
            }
            return false
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List opinion cards.")
        @OptionGroup var list: ListOptions
        @OptionGroup var options: GlobalOptions
        func run() throws {
            try list.run(.opinionCard, options: options)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one opinion card.")
        @Argument(help: "The card's id, or a unique part of it.") var id: String
        @OptionGroup var options: GlobalOptions
        func run() throws { try RecordActions.show(.opinionCard, id: id, options: options) }
    }
}
