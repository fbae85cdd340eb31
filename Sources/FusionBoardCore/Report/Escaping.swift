import Mustache

/// Escaping for values that pass through Markdown (cmark) and then HTML.
///
/// Every ASCII punctuation character that Markdown or HTML could read as syntax becomes a numeric
/// character reference. cmark decodes references in text and re-escapes on output; inside raw
/// HTML blocks the browser decodes them. Either way the value renders as inert text: no tag,
/// no link, no emphasis, no heading. Newlines become spaces so a value cannot start a block.
public enum ReportEscaping {
    /// Escaped wherever they appear: inline syntax (emphasis, code, links, raw HTML, entities, quotes).
    static let inline: Set<UInt8> = Set("\\`*_[]<>&\"'".utf8)
    /// Escaped only at the start of a value, where a template line may begin with it
    /// (list markers, headings, block quotes, setext underlines, code fences).
    static let blockStart: Set<UInt8> = Set("-+=#>~".utf8)

    /// Escapes a value for Markdown *and* HTML.
    public static func markdownHTML(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        let scalars = Array(text.unicodeScalars)
        var leadingDigits = true
        for (index, scalar) in scalars.enumerated() {
            let ascii = scalar.isASCII ? UInt8(scalar.value) : 0
            let isDigit = ascii >= 48 && ascii <= 57
            // An ordered-list marker is digits then `.` or `)` then a space or the end: `1. x`, `12)`.
            let endsListMarker = leadingDigits && index > 0 && (ascii == UInt8(ascii: ".") || ascii == UInt8(ascii: ")"))
                && (index + 1 == scalars.count || scalars[index + 1] == " " || scalars[index + 1] == "\t")
            if scalar.isASCII && (inline.contains(ascii) || (index == 0 && blockStart.contains(ascii)) || endsListMarker) {
                out += "&#\(scalar.value);"
            } else if scalar == "\n" || scalar == "\r" || scalar == "\t" {
                out += " "
            } else if scalar.value < 0x20 || scalar.value == 0x7F {
                continue  // control characters carry nothing a reader needs
            } else {
                out.unicodeScalars.append(scalar)
            }
            if leadingDigits && !isDigit { leadingDigits = false }
        }
        return out
    }

    /// Mustache content type: `{{value}}` is escaped for Markdown and HTML; `{{{value}}}` is raw
    /// (only for HTML the renderer itself built, such as the SVG diagrams).
    struct MarkdownHTMLContentType: MustacheContentType {
        func escapeText(_ text: String) -> String { ReportEscaping.markdownHTML(text) }
    }

    static let contentTypeName = "MARKDOWN_HTML"
    static let pragma = "{{% CONTENT_TYPE: \(contentTypeName)}}"

    static func registerContentType() {
        MustacheContentTypes.register(MarkdownHTMLContentType(), named: contentTypeName)
    }

    /// Escapes for an HTML attribute or text node built in Swift (SVG).
    public static func html(_ text: String) -> String {
        var out = ""
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
