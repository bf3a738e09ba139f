import ArgumentParser
import FieldSyncShared
import Foundation

/// `fieldsync-server token create|list|revoke`.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Create, list and revoke sync tokens.",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token and print it once; only its hash is stored.",
            discussion: "Technician and office tokens are bound to one region; hq sees all regions; admin manages.")

        @Option(help: "technician, office, hq or admin.") var role: String
        @Option(
            help: "north, northwest, southwest, central or south (华北 西北 西南 华中 华南); required for technician and office.")
        var region: String?
        @Option(help: "Who or what the token is for, e.g. the technician's name.") var name: String
        @OptionGroup var store: StoreOptions
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            guard let role = Role(rawValue: role) else {
                throw ValidationError("--role takes technician, office, hq or admin")
            }
            if role.needsRegion {
                guard let region, Region(parsing: region) != nil else {
                    throw ValidationError(
                        "a \(role.rawValue) token needs --region north|northwest|southwest|central|south")
                }
            } else if region != nil {
                throw ValidationError("a \(role.rawValue) token sees every region; leave out --region")
            }
            guard !name.trimmingWhitespace().isEmpty else { throw ValidationError("--name must not be empty") }
        }

        func run() async throws {
            let token = TokenSecret.generate()
            let info = try await store.open().createToken(
                name: name.trimmingWhitespace(), role: Role(rawValue: role)!,
                region: region.flatMap(Region.init(parsing:)),
                hash: TokenSecret.hash(token), now: timestamp())
            if json {
                print(
                    JSONText.encode([
                        "id": JSONValue.int(info.id), "name": .string(info.name), "role": .string(info.role.rawValue),
                        "region": info.region.map { .string($0.rawValue) } ?? .null, "token": .string(token),
                    ]))
            } else {
                print(token)
                FileHandle.standardError.write(
                    Data(
                        "token \(info.id) for \(info.name) (\(info.role.rawValue)\(info.region.map { ", " + $0.rawValue } ?? "")): shown once, keep it safe\n"
                            .utf8))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (never the tokens themselves).")
        @OptionGroup var store: StoreOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let tokens = try await store.open().tokens()
            if json {
                print(JSONText.encode(tokens))
                return
            }
            print(["ID", "NAME", "ROLE", "REGION", "CREATED", "REVOKED"].joined(separator: "\t"))
            for token in tokens {
                print(
                    [
                        String(token.id), token.name, token.role.rawValue, token.region?.rawValue ?? "all",
                        token.createdAt, token.revokedAt ?? "-",
                    ]
                    .joined(separator: "\t"))
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a token: its replicas are refused from their next sync.")
        @Argument(help: "The token's id or name.") var token: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let revoked = try await store.open().revokeToken(token, now: timestamp())
            guard !revoked.isEmpty else {
                throw ValidationErrorLine("no active token with id or name \(token); see `fieldsync-server token list`")
            }
            for info in revoked { print("revoked token \(info.id) (\(info.name))") }
        }
    }
}

/// `fieldsync-server replica list|retire`.
struct ReplicaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replica", abstract: "List replicas, retire lost devices.", subcommands: [List.self, Retire.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List replicas: token, last sync, cursor.")
        @OptionGroup var store: StoreOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let replicas = try await store.open().replicas()
            if json {
                print(JSONText.encode(replicas))
                return
            }
            print(["REPLICA", "TOKEN", "FIRST SEEN", "LAST SYNC", "CURSOR", "RETIRED"].joined(separator: "\t"))
            for replica in replicas {
                print(
                    [
                        replica.replica, "\(replica.tokenID) \(replica.tokenName)", replica.firstSeen,
                        replica.lastSync ?? "-",
                        String(replica.cursor), replica.retiredAt ?? "-",
                    ].joined(separator: "\t"))
            }
        }
    }

    struct Retire: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Retire a lost device's replica so it no longer holds tombstone purges back.")
        @Argument(help: "The replica id (32 hex digits).") var replica: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            guard try await store.open().retire(replica: replica.lowercased(), now: timestamp()) else {
                throw ValidationErrorLine("no active replica \(replica); see `fieldsync-server replica list`")
            }
            print("retired replica \(replica.lowercased())")
        }
    }
}
