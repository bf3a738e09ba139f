import FieldSyncShared
import Foundation
import GRDB

extension SQLiteServerStore {
    public func createToken(name: String, role: Role, region: Region?, hash: String, now: String) async throws
        -> TokenInfo
    {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO token (name, role, region, hash, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [name, role.rawValue, region?.rawValue, hash, now])
            return TokenInfo(
                id: db.lastInsertedRowID, name: name, role: role, region: region, createdAt: now, revokedAt: nil)
        }
    }

    static func tokenInfo(_ row: Row) -> TokenInfo {
        TokenInfo(
            id: row["id"], name: row["name"], role: Role(rawValue: row["role"]) ?? .technician,
            region: (row["region"] as String?).flatMap(Region.init(rawValue:)), createdAt: row["created_at"],
            revokedAt: row["revoked_at"])
    }

    public func tokens() async throws -> [TokenInfo] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, role, region, created_at, revoked_at FROM token ORDER BY id")
                .map(Self.tokenInfo)
        }
    }

    public func revokeToken(_ idOrName: String, now: String) async throws -> [TokenInfo] {
        try await write { db in
            let rows = try Row.fetchAll(
                db,
                sql:
                    "SELECT id, name, role, region, created_at, revoked_at FROM token WHERE (id = ? OR name = ?) AND revoked_at IS NULL",
                arguments: [Int64(idOrName) ?? -1, idOrName])
            for row in rows {
                try db.execute(
                    sql: "UPDATE token SET revoked_at = ? WHERE id = ?", arguments: [now, row["id"] as Int64])
            }
            return rows.map(Self.tokenInfo)
        }
    }

    public func identity(forHash hash: String) async throws -> Identity? {
        try await read { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT id, name, role, region, hash, created_at, revoked_at FROM token WHERE hash = ?",
                    arguments: [hash])
            else { return nil }
            guard TokenSecret.constantTimeEqual(row["hash"], hash) else { return nil }
            if (row["revoked_at"] as String?) != nil {
                throw ServerError(
                    .unauthenticated, SyncErrorCode.tokenRevoked, "this token was revoked; ask the office for a new one"
                )
            }
            let info = Self.tokenInfo(row)
            return Identity(tokenID: info.id, name: info.name, role: info.role, region: info.region)
        }
    }

    public func replicas() async throws -> [ReplicaSummary] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT replica.id, replica.token_id, token.name, replica.first_seen, replica.last_sync,
                           replica.cursor, replica.retired_at
                    FROM replica JOIN token ON token.id = replica.token_id ORDER BY replica.first_seen
                    """
            ).map { row in
                ReplicaSummary(
                    replica: row[0], tokenID: row[1], tokenName: row[2], firstSeen: row[3], lastSync: row[4],
                    cursor: row[5], retiredAt: row[6])
            }
        }
    }

    public func retire(replica: String, now: String) async throws -> Bool {
        try await write { db in
            try db.execute(
                sql: "UPDATE replica SET retired_at = ? WHERE id = ? AND retired_at IS NULL", arguments: [now, replica])
            let changed = db.changesCount > 0
            if changed { _ = try purgeTombstones(db) }
            return changed
        }
    }
}
