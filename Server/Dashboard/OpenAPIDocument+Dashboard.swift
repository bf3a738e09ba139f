extension OpenAPIDocument {
    /// The dashboard's paths: HTML pages, and JSON errors like the API's.
    static let dashboard = #"""
          /login:
            get:
              summary: The dashboard's sign-in page, or a one-time sign-in link with `token`.
              parameters:
                - $ref: "#/components/parameters/Language"
                - name: failed
                  in: query
                  description: "Present after a wrong token: the page says so."
                  schema: {type: string}
                - name: token
                  in: query
                  description: Sign in with this token (a link for kiosks and scripts).
                  schema: {type: string}
                - name: next
                  in: query
                  description: With `token`, the dashboard page to open (a path under /dashboard).
                  schema: {type: string}
              responses:
                "200": {$ref: "#/components/responses/Page"}
                "303":
                  description: >
                    With `token`: signed in (the cookie is set) and sent to `next`, or sent back to
                    /login?failed=1 for a wrong token.
                  headers:
                    Location: {$ref: "#/components/headers/Location"}
                "429": {$ref: "#/components/responses/TooManyRequests"}
            post:
              summary: Sign in to the dashboard with a token.
              description: A form without a token is a wrong token.
              requestBody:
                content:
                  application/x-www-form-urlencoded:
                    schema:
                      type: object
                      properties:
                        token: {type: string}
              responses:
                "303":
                  description: Signed in (the cookie is set) and sent to /dashboard, or sent back to /login?failed=1.
                  headers:
                    Location: {$ref: "#/components/headers/Location"}
                "413":
                  description: The form is over 4 KiB (body_too_large).
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Error"}
                "429": {$ref: "#/components/responses/TooManyRequests"}
          /logout:
            get:
              summary: Sign out of the dashboard (the cookie is cleared).
              responses:
                "303":
                  description: Signed out; sent to /login.
                  headers:
                    Location: {$ref: "#/components/headers/Location"}
          /dashboard:
            get:
              summary: The service targets of the token's scope for a period, with twelve months of trend.
              security: [{token: []}, {cookie: []}]
              parameters:
                - $ref: "#/components/parameters/Language"
                - $ref: "#/components/parameters/Period"
                - $ref: "#/components/parameters/Region"
              responses:
                "200": {$ref: "#/components/responses/Page"}
                "303": {$ref: "#/components/responses/SignIn"}
                "400":
                  description: The period or the region cannot be read (invalid_period, invalid_region).
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Error"}
                "403":
                  description: The region is outside the token's scope (out_of_scope).
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Error"}
                "429": {$ref: "#/components/responses/TooManyRequests"}
                "503": {$ref: "#/components/responses/Unavailable"}
          /dashboard/records:
            get:
              summary: The records behind one figure (drill-down).
              security: [{token: []}, {cookie: []}]
              parameters:
                - name: figure
                  in: query
                  required: true
                  schema:
                    type: string
                    enum: [on_site_24h, first_time_fix, rework, complaint_rate, complaint_resolution,
                      complainant_satisfaction, customer_satisfaction, major_complaints, return_visits, score]
                - $ref: "#/components/parameters/Language"
                - $ref: "#/components/parameters/Period"
                - $ref: "#/components/parameters/Region"
              responses:
                "200": {$ref: "#/components/responses/Page"}
                "303": {$ref: "#/components/responses/SignIn"}
                "400":
                  description: >
                    No or an unknown figure (invalid_figure), or the period or the region cannot be read
                    (invalid_period, invalid_region).
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Error"}
                "403":
                  description: The region is outside the token's scope (out_of_scope).
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Error"}
                "429": {$ref: "#/components/responses/TooManyRequests"}
                "503": {$ref: "#/components/responses/Unavailable"}
          /dashboard/inspection:
            get:
              summary: The monthly inspection report (a longer period shows its last month).
              security: [{token: []}, {cookie: []}]
              parameters:
                - $ref: "#/components/parameters/Language"
                - $ref: "#/components/parameters/Period"
                - $ref: "#/components/parameters/Region"
              responses:
                "200": {$ref: "#/components/responses/Page"}
                "303": {$ref: "#/components/responses/SignIn"}
                "400":
                  description: The period or the region cannot be read (invalid_period, invalid_region).
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Error"}
                "403":
                  description: The region is outside the token's scope (out_of_scope).
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Error"}
                "429": {$ref: "#/components/responses/TooManyRequests"}
                "503": {$ref: "#/components/responses/Unavailable"}
          /dashboard/attachments/{id}:
            get:
              summary: >
                A photo or scan the dashboard shows, for the signed-in caller: the same scope check and
                bytes as GET /v1/attachments/{id}/content, with the dashboard's cookie.
              security: [{token: []}, {cookie: []}]
              parameters:
                - {$ref: "#/components/parameters/AttachmentID"}
                - name: Range
                  in: header
                  description: One range, `bytes=START-END`, `bytes=START-` or `bytes=-SUFFIX`.
                  schema: {type: string}
              responses:
                "200":
                  description: The whole attachment.
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
                    No live attachment with this id in the caller's scope (unknown_attachment), or its
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
}
