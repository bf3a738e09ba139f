extension OpenAPIDocument {
    /// The paths of attachment bytes (`AttachmentController`).
    static let attachments = #"""
          /v1/attachments/{id}/upload:
            get:
              operationId: attachmentUpload
              summary: How many bytes of an attachment's upload arrived, and whether they are whole and checked.
              description: >
                The attachment record must be in the token's scope (pushed first); the answer is about
                the digest it names.
              security: [{token: []}]
              parameters:
                - {$ref: "#/components/parameters/AttachmentID"}
              responses:
                "200":
                  description: Where the upload stands; send the rest from `received`.
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/UploadStatus"}
                "400": {$ref: "#/components/responses/Error"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "404":
                  description: No live attachment with this id in the token's scope (unknown_attachment).
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Error"}
                "429": {$ref: "#/components/responses/TooManyRequests"}
                "503": {$ref: "#/components/responses/Unavailable"}
          /v1/attachments/{id}/content:
            put:
              operationId: attachmentPut
              summary: Appends a piece of an attachment's bytes at `offset` (a resumable upload).
              description: >
                Taken only for the digest the attachment record names, within its size and the
                server's --max-attachment. The first piece must be a JPEG, PNG, HEIC or PDF (by
                content) of the record's media type. When the last piece arrives the whole is checked
                against the digest; a mismatch discards all of it. Bytes are served only once whole.
                The piece is taken as it streams in: when the connection drops part-way, what arrived
                is kept, and GET /v1/attachments/{id}/upload says the byte to send from.
              security: [{token: []}]
              parameters:
                - {$ref: "#/components/parameters/AttachmentID"}
                - name: offset
                  in: query
                  required: true
                  description: Where the piece starts; must be where the upload stands.
                  schema: {type: integer, format: int64, minimum: 0, maximum: 9223372036854775807}
              requestBody:
                required: true
                content:
                  application/octet-stream:
                    schema: {type: string, format: binary}
              responses:
                "200":
                  description: Stored; where the upload stands now.
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/UploadStatus"}
                "400":
                  description: >
                    A missing or wrong offset (invalid_offset), an empty piece (malformed_request), a
                    piece past the record's size (upload_overrun), or a whole that does not match its
                    digest (digest_mismatch).
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Error"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "404":
                  description: No live attachment with this id in the token's scope (unknown_attachment).
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Error"}
                "409":
                  description: The upload stands at another byte (wrong_offset); ask where and send from there.
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Error"}
                "413":
                  description: The attachment is over --max-attachment, or the body over --max-body.
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Error"}
                "415":
                  description: Not a JPEG, PNG, HEIC or PDF of the record's type (unsupported_attachment).
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Error"}
                "429": {$ref: "#/components/responses/TooManyRequests"}
                "503": {$ref: "#/components/responses/Unavailable"}
            get:
              operationId: attachmentGet
              summary: An attachment's bytes, whole or a range, once they arrived whole and matched their digest.
              security: [{token: []}]
              parameters:
                - {$ref: "#/components/parameters/AttachmentID"}
                - name: Range
                  in: header
                  description: One range, `bytes=START-END`, `bytes=START-` or `bytes=-SUFFIX`.
                  schema: {type: string}
              responses:
                "200":
                  description: The whole attachment.
                  headers:
                    FieldSync-Digest:
                      description: The SHA-256 of the whole, to check it against.
                      schema: {type: string}
                  content:
                    image/jpeg: {schema: {type: string, format: binary}}
                    image/png: {schema: {type: string, format: binary}}
                    image/heic: {schema: {type: string, format: binary}}
                    application/pdf: {schema: {type: string, format: binary}}
                "206":
                  description: The range asked for.
                  headers:
                    Content-Range:
                      required: true
                      schema: {type: string}
                  content:
                    image/jpeg: {schema: {type: string, format: binary}}
                    image/png: {schema: {type: string, format: binary}}
                    image/heic: {schema: {type: string, format: binary}}
                    application/pdf: {schema: {type: string, format: binary}}
                "400": {$ref: "#/components/responses/Error"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "404":
                  description: >
                    No live attachment with this id in the token's scope (unknown_attachment), or its
                    bytes have not all arrived (bytes_not_uploaded).
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Error"}
                "416":
                  description: The range is outside the attachment (range_not_satisfiable).
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Error"}
                "429": {$ref: "#/components/responses/TooManyRequests"}
                "503": {$ref: "#/components/responses/Unavailable"}
        """#

    /// The attachment record's id in the paths, among the components' parameters: one entry,
    /// referenced by every attachment operation.
    static let attachmentParameters = #"""
            AttachmentID:
              name: id
              in: path
              required: true
              description: The attachment record's id.
              schema: {$ref: "#/components/schemas/RecordID"}
        """#

    /// The schema of an upload's standing, among the components' schemas.
    static let attachmentSchemas = #"""
            UploadStatus:
              type: object
              required: [id, digest, size, received, complete]
              properties:
                id: {$ref: "#/components/schemas/RecordID"}
                digest:
                  type: string
                  description: The SHA-256 of the whole, 64 lowercase hex digits.
                  pattern: "^[0-9a-f]{64}$"
                size: {type: integer, format: int64, minimum: 1}
                received:
                  type: integer
                  format: int64
                  minimum: 0
                  description: Bytes that arrived so far, from the start; the next piece goes at this offset.
                complete:
                  type: boolean
                  description: Whether the whole arrived and matched the digest; only then is it served.
        """#
}
