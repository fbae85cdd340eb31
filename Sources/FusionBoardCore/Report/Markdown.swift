import CCmark

#if canImport(Glibc)
    import Glibc
#endif

/// CommonMark → HTML through the system libcmark.
public enum Markdown {
    /// libcmark's version string (`0.30.2`).
    public static var libraryVersion: String { String(cString: cmark_version_string()) }

    /// Renders Markdown to HTML. Raw HTML blocks pass through (templates carry tables and SVG),
    /// so every value from outside must already be escaped (``ReportEscaping``).
    public static func html(from markdown: String) -> String {
        var markdown = markdown
        return markdown.withUTF8 { buffer in
            guard let base = buffer.baseAddress,
                let rendered = base.withMemoryRebound(to: CChar.self, capacity: buffer.count, {
                    cmark_markdown_to_html($0, buffer.count, CMARK_OPT_UNSAFE)
                })
            else { return "" }
            defer { free(rendered) }
            return String(cString: rendered)
        }
    }
}
