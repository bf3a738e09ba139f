import FieldSyncShared
import Foundation
import PostgresNIO

extension PostgresServerStore {
    typealias TokenRow = (Int64, String, String, String?, String, String?)

    static func tokenInfo(_ row: TokenRow) -> TokenInfo {
        TokenInfo(
            id: row.0, name: row.1, role: Role(rawValue: row.2) ?? .technician,
            region: row.3.flatMap(Region.init(rawValue:)),
            createdAt: row.4, revokedAt: row.5)
    }

    public func createToken(name: String, role: Role, region: Region?, hash: String, now: String) async throws
        -> TokenInfo
    {
        let logger = logger
        return try await transaction { connection in
            let id =
                try await Self.rows(
                    connection,
                    """
                    INSERT INTO token (name, role, region, hash, created_at) VALUES (\(name), \(role.rawValue), \(region?.rawValue), \(hash), \(now))
                    RETURNING id
                    """, as: Int64.self, logger: logger
                ).first ?? 0
            return TokenInfo(id: id, name: name, role: role, region: region, createdAt: now, revokedAt: nil)
        }
    }

    public func tokens() async throws -> [TokenInfo] {
        let logger = logger
        return try await transaction(readOnlySnapshot: true) { connection in
            var tokens = [TokenInfo]()
            for try await row in try await connection.query(
                "SELECT id, name, role, region, created_at, revoked_at FROM token ORDER BY id", logger: logger
            ).decode(TokenRow.self) {
                tokens.append(Self.tokenInfo(row))
            }
            return tokens
        }
    }

    public func revokeToken(_ idOrName: String, now: String) async throws -> [TokenInfo] {
        let logger = logger
        return try await transaction { connection in
            var revoked = [TokenInfo]()
            for try await row in try await connection.query(
                """
                UPDATE token SET revoked_at = \(now) WHERE (id = \(Int64(idOrName) ?? -1) OR name = \(idOrName)) AND revoked_at IS NULL
                RETURNING id, name, role, region, created_at, NULL::text
                """, logger: logger
            ).decode(TokenRow.self) {
                revoked.append(Self.tokenInfo(row))
            }
            return revoked.sorted { $0.id < $1.id }
        }
    }

    public func identity(forHash hash: String) async throws -> Identity? {
        let logger = logger
        return try await transaction(readOnlySnapshot: true) { connection in
            var found: (TokenRow, String)?
            for try await (id, name, role, region, createdAt, revokedAt, stored) in try await connection.query(
                "SELECT id, name, role, region, created_at, revoked_at, hash FROM token WHERE hash = \(hash)",
                logger: logger
            ).decode((Int64, String, String, String?, String, String?, String).self) {
                found = ((id, name, role, region, createdAt, revokedAt), stored)
            }
            guard let (row, stored) = found, TokenSecret.constantTimeEqual(stored, hash) else { return nil }
            if row.5 != nil {
                throw ServerError(
                    .unauthenticated, SyncErrorCode.tokenRevoked, "this token was revoked; ask the office for a new one"
                )
            }
            let info = Self.tokenInfo(row)
            return Identity(tokenID: info.id, name: info.name, role: info.role, region: info.region)
        }
    }

    public func replicas() async throws -> [ReplicaSummary] {
        let logger = logger
        return try await transaction(readOnlySnapshot: true) { connection in
            var replicas = [ReplicaSummary]()
            for try await (id, tokenID, tokenName, firstSeen, lastSync, cursor, retiredAt)
                in try await connection.query(
                    """
                    SELECT replica.id, replica.token_id, token.name, replica.first_seen, replica.last_sync, replica.cursor, replica.retired_at
                    FROM replica JOIN token ON token.id = replica.token_id ORDER BY replica.first_seen, replica.id
                    """, logger: logger
                ).decode((String, Int64, String, String, String?, Int64, String?).self)
            {
                replicas.append(
                    ReplicaSummary(
                        replica: id, tokenID: tokenID, tokenName: tokenName, firstSeen: firstSeen, lastSync: lastSync,
                        cursor: cursor,
                        retiredAt: retiredAt))
            }
            return replicas
        }
    }

    public func retire(replica: String, now: String) async throws -> Bool {
        let logger = logger
        let numbers = replicaNumbers
        let (changed, purged) = try await transaction { connection in
            let changed = try await !Self.rows(
                connection,
                "UPDATE replica SET retired_at = \(now) WHERE id = \(replica) AND retired_at IS NULL RETURNING id",
                as: String.self, logger: logger
            ).isEmpty
            guard changed else { return (false, 0) }
            return (true, try await Self.purgeTombstones(connection, numbers: numbers, logger: logger))
        }
        if purged > 0 { _ = try await collectUnnamedBytes() }
        return changed
    }
}
