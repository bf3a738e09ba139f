import CoreMetrics
import Metrics
import Prometheus

/// The server's metrics, exported at `/metrics` in Prometheus' text format.
///
/// Made from an explicit factory rather than the global bootstrap, so several
/// servers (in tests) each keep their own registry.
public struct SyncMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let syncs: CoreMetrics.Counter
    let recordsPushed: CoreMetrics.Counter
    let recordsPulled: CoreMetrics.Counter
    let pushRejected: CoreMetrics.Counter
    let conflictsOpened: CoreMetrics.Counter
    let pushLatency: CoreMetrics.Timer
    /// Hellos answered `replica_forked`: copies of a replica's file that must take a new id.
    let forkedReplicas: CoreMetrics.Counter
    /// Hellos that found this server forgot part of what it confirmed (a restore from a backup).
    let restoresDetected: CoreMetrics.Counter
    /// Attachment bytes appended to uploads (`PUT …/content`), pieces cut short included.
    let attachmentBytesReceived: CoreMetrics.Counter
    /// Attachment bytes served (`GET …/content`).
    let attachmentBytesSent: CoreMetrics.Counter
    /// Uploads that arrived whole and matched their digest.
    let attachmentsUploaded: CoreMetrics.Counter
    /// Downloads served through their last byte.
    let attachmentsDownloaded: CoreMetrics.Counter
    /// Refused or discarded uploads, by `reason`: `digest_mismatch`, `unsupported_type`, `too_large`.
    let attachmentDigestMismatches: CoreMetrics.Counter
    let attachmentUnsupportedType: CoreMetrics.Counter
    let attachmentTooLarge: CoreMetrics.Counter

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        let factory = PrometheusMetricsFactory(registry: registry)
        syncs = CoreMetrics.Counter(label: "fieldsync_syncs_total", dimensions: [], factory: factory)
        recordsPushed = CoreMetrics.Counter(label: "fieldsync_records_pushed_total", dimensions: [], factory: factory)
        recordsPulled = CoreMetrics.Counter(label: "fieldsync_records_pulled_total", dimensions: [], factory: factory)
        pushRejected = CoreMetrics.Counter(label: "fieldsync_records_rejected_total", dimensions: [], factory: factory)
        conflictsOpened = CoreMetrics.Counter(
            label: "fieldsync_conflicts_opened_total", dimensions: [], factory: factory)
        pushLatency = CoreMetrics.Timer(label: "fieldsync_push_duration_seconds", dimensions: [], factory: factory)
        forkedReplicas = CoreMetrics.Counter(label: "fieldsync_replicas_forked_total", dimensions: [], factory: factory)
        restoresDetected = CoreMetrics.Counter(
            label: "fieldsync_restores_detected_total", dimensions: [], factory: factory)
        attachmentBytesReceived = CoreMetrics.Counter(
            label: "fieldsync_attachment_bytes_received_total", dimensions: [], factory: factory)
        attachmentBytesSent = CoreMetrics.Counter(
            label: "fieldsync_attachment_bytes_sent_total", dimensions: [], factory: factory)
        attachmentsUploaded = CoreMetrics.Counter(
            label: "fieldsync_attachments_uploaded_total", dimensions: [], factory: factory)
        attachmentsDownloaded = CoreMetrics.Counter(
            label: "fieldsync_attachments_downloaded_total", dimensions: [], factory: factory)
        func failures(_ reason: String) -> CoreMetrics.Counter {
            CoreMetrics.Counter(
                label: "fieldsync_attachment_failures_total", dimensions: [("reason", reason)], factory: factory)
        }
        attachmentDigestMismatches = failures("digest_mismatch")
        attachmentUnsupportedType = failures("unsupported_type")
        attachmentTooLarge = failures("too_large")
    }

    /// The Prometheus text exposition.
    public func render() -> String { registry.emitToString() }
}
