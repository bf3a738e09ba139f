extension OpenAPIDocument {
    /// The shared responses, and the paths of health, metrics, this document, push and pull.
    static let sync = #"""
          responses:
            Error:
              description: The request was refused; nothing was stored.
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Error"}
            Unauthorized:
              description: No token, an unknown one, or a revoked one (unauthorized, token_revoked).
              headers:
                WWW-Authenticate:
                  required: true
                  schema: {type: string, const: Bearer}
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Error"}
            NotJSON:
              description: A Content-Type other than JSON (unsupported_media_type).
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Error"}
            TooManyRequests:
              description: Too many wrong tokens from this address in the last minute (too_many_failures); wait.
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Error"}
            Unavailable:
              description: The store failed (storage); nothing was stored, try again later.
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Error"}
            Page:
              description: The page, in the language asked for.
              content:
                text/html:
                  schema: {type: string}
            SignIn:
              description: Not signed in (no token, or a wrong or revoked one); go to /login.
              headers:
                Location: {$ref: "#/components/headers/Location"}
        paths:
          /healthz:
            get:
              summary: Liveness.
              responses:
                "200":
                  description: The server runs.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [status]
                        properties:
                          status: {type: string, const: ok}
          /metrics:
            get:
              summary: Prometheus metrics (syncs, records pushed and pulled, conflicts opened, push latency).
              responses:
                "200":
                  description: Prometheus text format.
                  content:
                    text/plain:
                      schema: {type: string}
          /openapi.yaml:
            get:
              summary: This document.
              responses:
                "200":
                  description: OpenAPI 3.1 YAML.
                  content:
                    application/yaml:
                      schema:
                        type: object
                        required: [openapi, info, paths]
          /v1/push:
            post:
              operationId: push
              summary: Merge the full states of changed records, in one transaction.
              description: >
                Each record gets an outcome: applied, conflict (merged; a field holds concurrent
                values for a person to settle) or rejected (with a reason; the rest of the batch is
                unaffected). A record outside the token's region, or a dot of another replica the
                server has never seen, refuses the whole push with 403 and the records concerned.
                The answer is sent after the batch is committed. Pushing the same batch again
                changes nothing.
              security: [{token: []}]
              parameters:
                - $ref: "#/components/parameters/Replica"
                - $ref: "#/components/parameters/Epoch"
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {$ref: "#/components/schemas/PushRequest"}
              responses:
                "200":
                  description: Per-record outcomes.
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/PushResponse"}
                "400":
                  description: >
                    Not a push request (malformed_request), no or a wrong FieldSync-Replica header
                    (missing_replica), a FieldSync-Epoch that is not an epoch (invalid_epoch), or a
                    body whose replica is not the header's (replica_mismatch).
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Error"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403":
                  description: >
                    A record outside the token's region (out_of_scope), a dot of another replica the
                    server has never seen or a dot the server holds for another write (forged_dot),
                    or a replica that syncs with another token
                    (replica_bound_to_other_token). Nothing of the push was stored.
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Error"}
                "409":
                  description: >
                    The pusher's file is a copy that another copy has gone on from (replica_forked):
                    a record lacks the pusher's own writes the server holds, or the request shows an
                    epoch that is not the replica's current sync. Nothing of the push was stored.
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Error"}
                "413":
                  description: The body is over the server's limit (body_too_large); push fewer records at a time.
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Error"}
                "415": {$ref: "#/components/responses/NotJSON"}
                "429": {$ref: "#/components/responses/TooManyRequests"}
                "503": {$ref: "#/components/responses/Unavailable"}
          /v1/pull:
            get:
              operationId: pull
              summary: The changes in the token's scope after a cursor, a page at a time.
              security: [{token: []}]
              parameters:
                - $ref: "#/components/parameters/Replica"
                - $ref: "#/components/parameters/Epoch"
                - name: after
                  in: query
                  description: The cursor; asking after it says the replica holds everything up to it, unless `held` says less.
                  schema: {type: integer, format: int64, minimum: 0, maximum: 9223372036854775807, default: 0}
                - name: held
                  in: query
                  description: >-
                    The cursor up to which the replica has stored every change, when it asks for a page
                    ahead of what it has stored (at most `after`; default `after`). Tombstone purges wait for it.
                  schema: {type: integer, format: int64, minimum: 0, maximum: 9223372036854775807}
                - name: limit
                  in: query
                  schema: {type: integer, minimum: 1, maximum: 2000, default: 500}
                - name: echo
                  in: query
                  description: >-
                    false leaves out the records whose latest change is exactly what this replica pushed
                    (it holds them already); `next` still moves past them, so a page may hold fewer
                    records than `limit`, or none, with `more` true.
                  schema: {type: boolean, default: true}
                - name: count
                  in: query
                  description: >-
                    true adds `remaining`, how many changes are left after the page (it scans the rest of
                    the log: ask it once a sync, not on every page).
                  schema: {type: boolean, default: false}
              responses:
                "200":
                  description: A page of changes; ask again from `next` while `more` is true.
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/PullResponse"}
                  links:
                    NextPage:
                      operationId: pull
                      description: The next page.
                      parameters:
                        after: $response.body#/next
                        header.FieldSync-Replica: $request.header.FieldSync-Replica
                "400":
                  description: No or a wrong FieldSync-Replica header (missing_replica), a FieldSync-Epoch that is not an epoch (invalid_epoch), or after, held, limit, echo or count out of range (invalid_parameter; held may not exceed after).
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Error"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403":
                  description: The replica syncs with another token (replica_bound_to_other_token).
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Error"}
                "409":
                  description: >
                    Deletions after the cursor were purged; pull again from 0 (rebaseline_required). Or
                    the request shows an epoch that is not the replica's current sync (replica_forked).
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Error"}
                "429": {$ref: "#/components/responses/TooManyRequests"}
                "503": {$ref: "#/components/responses/Unavailable"}
        """#
}
