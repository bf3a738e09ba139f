/// The HTTP API, as served at `/openapi.yaml`. Kept beside the routes it describes;
/// `scripts/schemathesis.sh` checks the server against it.
enum OpenAPIDocument {
    /// The document: the head and the schemas, the identity's schemas
    /// (`OpenAPIDocument+Identity.swift`), the shared responses and the sync's paths
    /// (`OpenAPIDocument+Sync.swift`), then the
    /// identity's and the dashboard's paths (`OpenAPIDocument+Dashboard.swift`), and the attachments'
    /// (`Server/Attachments/OpenAPIDocument+Attachments.swift`).
    static let yaml = [head, identitySchemas, attachmentSchemas, sync, identityPaths, dashboard, attachments].joined(
        separator: "\n")

    /// The document's head, its parameters and the schemas of records and sync messages.
    static let head = #"""
        openapi: 3.1.0
        info:
          title: FieldSync sync server
          version: "1"
          description: >
            Push and pull of after-sales service records (customers, visits, opinion cards,
            complaints, part supplies) between field replicas and the central server, and the
            dashboard where headquarters and the offices read their service targets.
            Every record travels as its full state: a per-record context (version vector) and,
            per field, the (dot, value) pairs standing. Errors are
            `{"error": {"code": "...", "message": "..."}}`; a method a route does not take gets 405
            with `Allow`.
        servers:
          - url: /
        components:
          securitySchemes:
            token:
              type: http
              scheme: bearer
              description: A token from `fieldsync-server token create`.
            cookie:
              type: apiKey
              in: cookie
              name: fieldsync_token
              description: The dashboard's sign-in cookie, set by /login; holds the same token.
          parameters:
            Replica:
              name: FieldSync-Replica
              in: header
              required: true
              description: The calling replica's id, 32 lowercase hex digits.
              schema: {$ref: "#/components/schemas/ReplicaID"}
            Epoch:
              name: FieldSync-Epoch
              in: header
              description: >
                The epoch the sync's hello answered. Once a replica has said hello, every push and
                pull must show its current epoch; another copy's is refused (409 replica_forked).
              schema: {$ref: "#/components/schemas/Epoch"}
            Language:
              name: lang
              in: query
              description: "`en` for English; anything else shows Chinese."
              schema: {type: string}
            Period:
              name: period
              in: query
              description: >
                A year (2026), a quarter (2026-Q3), a month (2026-11), a day (2026-11-27) or days
                (2026-01-01..2026-03-31), a day that exists and a range that does not end before it
                begins; default the current year to date. Anything else: 400 invalid_period.
              schema:
                type: string
                pattern: '^([ \t\n\r\u3000]*((000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})(-([Qq][1-4]|(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?))?|(000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[ \t\n\r\u3000]*\.\.[ \t\n\r\u3000]*(000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]))[ \t\n\r\u3000]*)?$'
            Region:
              name: region
              in: query
              description: >
                all, or north, northwest, southwest, central, south (or 华北, 西北, 西南, 华中, 华南);
                in any case, with or without 办事处; default the token's own scope. Another word: 400
                invalid_region; a region outside the token's: 403 out_of_scope.
              schema:
                type: string
                pattern: '^([ \t\n\r\u3000]*([Aa][Ll][Ll]|[Cc][Oo][Mm][Pp][Aa][Nn][Yy]|[Nn][Oo][Rr][Tt][Hh]|[Nn][Oo][Rr][Tt][Hh][Ww][Ee][Ss][Tt]|[Ss][Oo][Uu][Tt][Hh][Ww][Ee][Ss][Tt]|[Cc][Ee][Nn][Tt][Rr][Aa][Ll]|[Ss][Oo][Uu][Tt][Hh]|全公司|总部|华北(办事处)?|西北(办事处)?|西南(办事处)?|华中(办事处)?|华南(办事处)?)[ \t\n\r\u3000]*)?$'
        \#(attachmentParameters)

          headers:
            Location:
              required: true
              description: Where to go next.
              schema: {type: string}
          schemas:
            ReplicaID:
              type: string
              pattern: "^[0-9a-f]{32}$"
            RecordID:
              type: string
              pattern: "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
            Counter:
              type: integer
              minimum: 1
              maximum: 18446744073709551615
            RecordState:
              description: >
                A record's state: its context and the writes standing. The server sends the grouped
                form; a push may use either form (the first is what agents of the first version send),
                never both keys in one state.
                Beyond what these schemas say, a context names each replica once, and every write or
                pair names a replica of the context (by its place) with a counter the context has
                seen, a field at most once per write; a state that breaks this is refused with 400
                malformed_request.
              oneOf:
                - {$ref: "#/components/schemas/GroupedRecordState"}
                - {$ref: "#/components/schemas/FirstVersionRecordState"}
            GroupedRecordState:
              type: object
              required: [c, w]
              not: {required: [f]}
              properties:
                c:
                  type: array
                  description: The context, flat - replica, counter, replica, counter... in replica order.
                  items:
                    oneOf:
                      - {$ref: "#/components/schemas/ReplicaID"}
                      - {type: integer, minimum: 1, maximum: 9223372036854775807}
                w:
                  type: array
                  description: >
                    One entry per write still standing - [replica's place in c, counter, values] with
                    values an object of field: value; the counter is left out when it is the context's
                    own for that replica; a delete adds a fourth element, the fields it cleared with the
                    value each held.
                  items:
                    type: array
                    minItems: 2
                    maxItems: 4
                    prefixItems:
                      - {type: integer, minimum: 0}
                    items: {}
            FirstVersionRecordState:
              type: object
              required: [c, f]
              not: {required: [w]}
              properties:
                c:
                  type: array
                  description: The context, as [replica, counter] pairs.
                  items:
                    type: array
                    prefixItems:
                      - {$ref: "#/components/schemas/ReplicaID"}
                      - {$ref: "#/components/schemas/Counter"}
                    minItems: 2
                    maxItems: 2
                f:
                  type: object
                  description: >
                    Per field, the standing [replica index, counter, value] or
                    [replica index, counter, value, 1] (tombstone) pairs.
                  additionalProperties:
                    type: array
                    minItems: 1
                    items:
                      type: array
                      prefixItems:
                        - {type: integer, minimum: 0}
                        - {$ref: "#/components/schemas/Counter"}
                        - {}
                        - {const: 1}
                      minItems: 3
                      maxItems: 4
            RecordKind:
              type: string
              enum: [customer, visit, opinion_card, complaint, part_supply, attachment]
            WireRecord:
              type: object
              required: [id, kind, state]
              properties:
                id: {$ref: "#/components/schemas/RecordID"}
                kind: {$ref: "#/components/schemas/RecordKind"}
                state: {$ref: "#/components/schemas/RecordState"}
            PushedRecord:
              type: object
              required: [id, kind, state]
              description: >
                As a pulled record, but any kind may be pushed: one this server does not know is
                rejected on its own (unknown_kind), so a newer agent's batch still goes through.
              properties:
                id: {$ref: "#/components/schemas/RecordID"}
                kind:
                  anyOf:
                    - {$ref: "#/components/schemas/RecordKind"}
                    - {type: string}
                state: {$ref: "#/components/schemas/RecordState"}
            PushRequest:
              type: object
              required: [replica, records]
              description: "`replica` is the FieldSync-Replica header's; each record appears once."
              properties:
                replica: {$ref: "#/components/schemas/ReplicaID"}
                records:
                  type: array
                  items: {$ref: "#/components/schemas/PushedRecord"}
            PushResult:
              type: object
              required: [id, outcome]
              properties:
                id: {$ref: "#/components/schemas/RecordID"}
                outcome: {type: string, enum: [applied, conflict, rejected]}
                code: {type: string, description: "Why a record was rejected: invalid_record, immutable, unknown_kind, kind_mismatch."}
                reason: {type: string}
                held: {type: boolean, description: "true when the server already held everything pushed: nothing was stored."}
            PushResponse:
              type: object
              required: [results]
              properties:
                results:
                  type: array
                  items: {$ref: "#/components/schemas/PushResult"}
            PullResponse:
              type: object
              required: [records, removed, next, more]
              properties:
                records:
                  type: array
                  items: {$ref: "#/components/schemas/WireRecord"}
                removed:
                  type: array
                  description: Records that left the caller's scope; drop them unless they hold unsynced changes.
                  items: {$ref: "#/components/schemas/RecordID"}
                next: {type: integer, format: int64, minimum: 0, description: The cursor to ask from next.}
                more: {type: boolean}
                remaining:
                  type: integer
                  format: int64
                  minimum: 0
                  description: With count=true, how many changes (records and removals) are left after `next` for this replica.
            Error:
              type: object
              required: [error]
              properties:
                error:
                  type: object
                  required: [code, message]
                  properties:
                    code: {type: string}
                    message: {type: string}
                    records:
                      type: array
                      description: The records of a push that the error is about.
                      items: {$ref: "#/components/schemas/RecordID"}
        """#
}
