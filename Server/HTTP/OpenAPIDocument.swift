/// The HTTP API, as served at `/openapi.yaml`. Kept beside the routes it describes.
enum OpenAPIDocument {
    static let yaml = #"""
        openapi: 3.0.3
        info:
          title: FieldSync sync server
          version: "1"
          description: >
            Push and pull of after-sales service records (customers, visits, opinion cards,
            complaints, part supplies) between field replicas and the central server.
            Every record travels as its full state: a per-record context (version vector) and,
            per field, the (dot, value) pairs standing. Errors are
            `{"error": {"code": "...", "message": "..."}}`.
        servers:
          - url: /
        components:
          securitySchemes:
            token:
              type: http
              scheme: bearer
          parameters:
            Replica:
              name: FieldSync-Replica
              in: header
              required: true
              description: The calling replica's id, 32 lowercase hex digits.
              schema: {type: string, pattern: "^[0-9a-f]{32}$"}
          schemas:
            RecordState:
              type: object
              required: [c, f]
              properties:
                c:
                  type: array
                  description: The context, as [replica, counter] pairs.
                  items:
                    type: array
                    minItems: 2
                    maxItems: 2
                    items: {}
                f:
                  type: object
                  description: Per field, the standing [replica index, counter, value] or [replica index, counter, value, 1] (tombstone) pairs.
                  additionalProperties:
                    type: array
                    items:
                      type: array
                      minItems: 3
                      maxItems: 4
                      items: {}
            WireRecord:
              type: object
              required: [id, kind, state]
              properties:
                id: {type: string, pattern: "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"}
                kind: {type: string, enum: [customer, visit, opinion_card, complaint, part_supply]}
                state: {$ref: "#/components/schemas/RecordState"}
            PushRequest:
              type: object
              required: [replica, records]
              properties:
                replica: {type: string, pattern: "^[0-9a-f]{32}$"}
                records:
                  type: array
                  items: {$ref: "#/components/schemas/WireRecord"}
            PushResult:
              type: object
              required: [id, outcome]
              properties:
                id: {type: string}
                outcome: {type: string, enum: [applied, conflict, rejected]}
                code: {type: string}
                reason: {type: string}
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
                  items: {type: string}
                next: {type: integer, format: int64, description: The cursor to ask from next.}
                more: {type: boolean}
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
                      items: {type: string}
          responses:
            Error:
              description: The request was refused; nothing was stored.
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Error"}
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
                        properties:
                          status: {type: string}
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
                  description: OpenAPI 3 YAML.
                  content:
                    application/yaml:
                      schema: {type: string}
          /v1/push:
            post:
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
                "400": {$ref: "#/components/responses/Error"}
                "401": {$ref: "#/components/responses/Error"}
                "403": {$ref: "#/components/responses/Error"}
                "413": {$ref: "#/components/responses/Error"}
          /v1/pull:
            get:
              summary: The changes in the token's scope after a cursor, a page at a time.
              security: [{token: []}]
              parameters:
                - $ref: "#/components/parameters/Replica"
                - name: after
                  in: query
                  schema: {type: integer, format: int64, minimum: 0, default: 0}
                - name: limit
                  in: query
                  schema: {type: integer, minimum: 1, maximum: 2000, default: 500}
              responses:
                "200":
                  description: A page of changes; ask again from `next` while `more` is true.
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/PullResponse"}
                "400": {$ref: "#/components/responses/Error"}
                "401": {$ref: "#/components/responses/Error"}
                "403": {$ref: "#/components/responses/Error"}
                "409":
                  description: Deletions after the cursor were purged; pull again from 0 (rebaseline_required).
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Error"}
        """#
}
