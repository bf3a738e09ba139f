import FieldSyncShared

/// What a token may do.
public enum Role: String, Codable, Sendable, CaseIterable {
    /// A field technician: syncs the records of one region.
    case technician
    /// A regional office (办事处): syncs the records of its region.
    case office
    /// Headquarters: syncs and reports on every region.
    case hq
    /// Manages tokens and replicas; sees every region.
    case admin

    /// Technician and office tokens are bound to one region.
    public var needsRegion: Bool { self == .technician || self == .office }
}

/// The authenticated caller of a request: its token and what that token may see.
public struct Identity: Sendable, Hashable {
    public let tokenID: Int64
    public let name: String
    public let role: Role
    /// The one region a technician or office token is bound to; `nil` for hq and admin (all regions).
    public let region: Region?

    public init(tokenID: Int64, name: String, role: Role, region: Region?) {
        self.tokenID = tokenID
        self.name = name
        self.role = role
        self.region = region
    }

    /// Whether records of `region` are in this caller's scope.
    public func canSee(_ region: Region) -> Bool { self.region == nil || self.region == region }
}
