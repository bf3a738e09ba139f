// What a plain `swift build` reports. scripts/package.sh rewrites this file in the copy of the
// sources it builds the packages from (never in the work tree): keep it to these two constants.
enum BuildStamp {
    static let version = "0.0.0-dev"
    static let commit = "unknown"
}
