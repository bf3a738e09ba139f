/// Small helpers for writing HTML by hand, escaping everything that came from data.
enum HTML {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// Percent-encodes a query value.
    static func query(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"):
                out.append(Character(UnicodeScalar(byte)))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }

    /// A whole page: no asset from elsewhere, so it works with no internet.
    static func page(title: String, language: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(language)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>\(style)</style>
        </head>
        <body>
        \(body)
        </body>
        </html>
        """
    }

    static let style = """
        body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei","PingFang SC",sans-serif;margin:0;color:#1d2733;background:#f4f6f8}
        header{background:#1f3b57;color:#fff;padding:12px 24px;display:flex;gap:24px;align-items:center;flex-wrap:wrap}
        header h1{font-size:20px;margin:0}
        header a{color:#cfe3f7}
        header form{display:flex;gap:8px;align-items:center}
        main{padding:16px 24px}
        .cards{display:flex;gap:12px;flex-wrap:wrap;margin-bottom:16px}
        .card{background:#fff;border-radius:6px;padding:10px 14px;min-width:140px;box-shadow:0 1px 2px #0002}
        .card .score{font-size:28px;font-weight:bold}
        .band-excellent{color:#137333}.band-good{color:#1a73e8}.band-pass{color:#b06000}.band-fail{color:#c5221f}
        section.region{background:#fff;border-radius:6px;padding:8px 16px 16px;margin-bottom:16px;box-shadow:0 1px 2px #0002}
        table{border-collapse:collapse;width:100%}
        th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #e3e7eb;font-size:14px}
        td.num{text-align:right;font-variant-numeric:tabular-nums}
        .met{background:#e6f4ea;color:#137333}.missed{background:#fce8e6;color:#c5221f}.noData{background:#eef0f2;color:#5f6368}
        .badge{border-radius:10px;padding:1px 8px;font-size:12px}
        .charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(420px,1fr));gap:12px}
        .chart{background:#fff;border-radius:6px;padding:8px;box-shadow:0 1px 2px #0002}
        .chart h3{font-size:14px;margin:4px 8px}
        .legend span{display:inline-block;margin-right:10px;font-size:12px}
        .legend i{display:inline-block;width:10px;height:10px;margin-right:4px}
        @media print{header form,header a,.noprint{display:none} body{background:#fff} section.region,.chart{box-shadow:none;border:1px solid #ccc}}
        """
}
