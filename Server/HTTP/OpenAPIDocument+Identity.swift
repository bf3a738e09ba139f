extension OpenAPIDocument {
    /// The schemas of the hello and of the records lookup: how a replica and the server tell a
    /// copy of a replica's file, or a server restored from a backup (`ReplicaHandshake`).
    static let identitySchemas = #"""
            Epoch:
              type: string
              description: The name of one sync, NUMBER.HEX, as a hello answered it.
              pattern: "^[1-9][0-9]{0,17}[.][0-9a-f]{32}$"
            HelloRequest:
              type: object
              required: [replica, counter, confirmed, cursor, resending]
              description: "`replica` is the FieldSync-Replica header's; `confirmed` is at most `counter`."
              properties:
                replica: {$ref: "#/components/schemas/ReplicaID"}
                epoch:
                  description: The epoch of the replica's last sync, as kept in its file; null or absent before its first.
                  anyOf:
                    - {$ref: "#/components/schemas/Epoch"}
                    - {type: "null"}
                counter: {type: integer, format: int64, minimum: 0, maximum: 9223372036854775807, description: The highest dot counter the replica has issued.}
                confirmed: {type: integer, format: int64, minimum: 0, maximum: 9223372036854775807, description: The counter up to which the server confirmed holding its writes.}
                cursor: {type: integer, format: int64, minimum: 0, maximum: 9223372036854775807, description: The change-log place it has pulled up to.}
                resending: {type: boolean, description: It is still sending again what a restored server lacks.}
                former:
                  type: [array, "null"]
                  description: The ids this replica's file wrote under before it took this one (it was copied or restored); null or absent when none.
                  items: {$ref: "#/components/schemas/ReplicaID"}
            HelloResponse:
              type: object
              required: [verdict, epoch]
              properties:
                verdict:
                  type: string
                  enum: [ok, server_restored]
                  description: >
                    ok - go on; server_restored - the server lacks part of what it confirmed to this
                    replica (it was restored from a backup): send everything again and pull from 0.
                epoch: {$ref: "#/components/schemas/Epoch"}
                reason: {type: string, description: Why the server says it was restored.}
                changes: {type: integer, format: int64, minimum: 0, description: Changes in the token's scope after the replica's cursor.}
            RecordsRequest:
              type: object
              required: [ids]
              properties:
                ids:
                  type: array
                  maxItems: 2000
                  items: {$ref: "#/components/schemas/RecordID"}
            RecordsResponse:
              type: object
              required: [records]
              properties:
                records:
                  type: array
                  items: {$ref: "#/components/schemas/WireRecord"}
        """#

    /// `POST /v1/hello` and `POST /v1/records`.
    static let identityPaths = #"""
          /v1/hello:
            post:
              operationId: hello
              summary: Start a sync - is this the copy of the replica the server last spoke to?
              description: >
                The server remembers the epochs it handed each replica and the highest counter it
                has from it. A replica's file that is an older copy (restored from a backup, cloned,
                rolled back) gets 409 replica_forked: it takes a new replica id and sends again, under
                it, what the server has not confirmed. A replica the server has forgotten (the server
                was restored from a backup) gets verdict server_restored. Otherwise a fresh epoch for
                the sync's requests (FieldSync-Epoch).
              security: [{token: []}]
              parameters:
                - $ref: "#/components/parameters/Replica"
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {$ref: "#/components/schemas/HelloRequest"}
              responses:
                "200":
                  description: The verdict and the sync's epoch.
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/HelloResponse"}
                "400":
                  description: Not a hello (malformed_request), no or a wrong FieldSync-Replica header (missing_replica), or a body whose replica is not the header's (replica_mismatch).
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
                  description: This replica's file is an older copy of one the server has synced with since (replica_forked).
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Error"}
                "413":
                  description: The body is over the server's limit (body_too_large).
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Error"}
                "415": {$ref: "#/components/responses/NotJSON"}
                "429": {$ref: "#/components/responses/TooManyRequests"}
                "503": {$ref: "#/components/responses/Unavailable"}
          /v1/records:
            post:
              operationId: records
              summary: The server's states of some records, in the token's scope.
              description: >
                What a replica re-issuing its writes under a new id compares them with; records
                outside the token's region, or unknown, are left out.
              security: [{token: []}]
              parameters:
                - $ref: "#/components/parameters/Replica"
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {$ref: "#/components/schemas/RecordsRequest"}
              responses:
                "200":
                  description: The records the server holds of those asked for.
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/RecordsResponse"}
                "400":
                  description: Not a records request (malformed_request), over 2000 ids (too_many_ids), or no or a wrong FieldSync-Replica header (missing_replica).
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Error"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "413":
                  description: The body is over the server's limit (body_too_large).
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Error"}
                "415": {$ref: "#/components/responses/NotJSON"}
                "429": {$ref: "#/components/responses/TooManyRequests"}
                "503": {$ref: "#/components/responses/Unavailable"}
        """#
}
