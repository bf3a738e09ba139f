/// This build of FieldSync, as both programs' `--version` prints it: the package version and the
/// commit it was built from.
///
///     FieldSyncVersion.description  // "0.1.0~git20261206.574da2a1b2c3 (commit 574da2a1b2c3)"
///
/// `scripts/package.sh` writes both into `BuildStamp.swift` of the copy of the sources it builds;
/// a plain `swift build` reports `0.0.0-dev (commit unknown)`.
public enum FieldSyncVersion {
    /// The package version, e.g. `0.1.0` or `0.1.0~git20261206.574da2a1b2c3` between releases.
    public static let number = BuildStamp.version
    /// The commit the build was made from (with `-dirty` when the tree had uncommitted changes), or `unknown`.
    public static let commit = BuildStamp.commit
    /// `NUMBER (commit COMMIT)`.
    public static let description = "\(number) (commit \(commit))"
}
