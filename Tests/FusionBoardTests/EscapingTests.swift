import Testing

@testable import FusionBoardCore

@Suite("Report escaping")
struct EscapingTests {
    @Test(arguments: [
        "<script>alert(1)</script>",
        "[click](javascript:alert(1))",
        "<img src=x onerror=alert(1)>",
        "# heading\n- list",
        "**bold** _em_ `code`",
        "<javascript:alert(1)>",
    ])
    func hostileValuesRenderAsInertText(_ value: String) {
        let html = Markdown.html(from: "Sample: " + ReportEscaping.markdownHTML(value) + "\n\n<table><tr><td>" + ReportEscaping.markdownHTML(value) + "</td></tr></table>\n")
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("href=\"javascript"))
        #expect(!html.contains("<strong>"))
        #expect(!html.contains("<h1>"))
        #expect(!html.contains("<code>"))
    }

    @Test func plainTextSurvivesReadably() {
        let html = Markdown.html(from: ReportEscaping.markdownHTML("KIF5B::RET (in-frame)"))
        #expect(html.contains("KIF5B::RET (in-frame)"))
    }
}

@Suite("Report escaping at block starts")
struct BlockStartEscapingTests {
    @Test(arguments: ["- item", "1. item", "12) item", "# title", "> quote", "===", "~~~", "+ item"])
    func valuesCannotStartABlock(_ value: String) {
        let html = Markdown.html(from: "Intro paragraph\n\n" + ReportEscaping.markdownHTML(value) + "\n")
        for tag in ["<ul>", "<ol>", "<h1>", "<h2>", "<blockquote>", "<pre>", "<li>"] {
            #expect(!html.contains(tag), "\(value) produced \(tag)")
        }
    }
}
