import Foundation
import Testing

@testable import FusionBoardCore

/// Helpers for reading rendered reports.
enum ReportPage {
    /// Every `<table class="…">` of a page with that class, concatenated (tags kept).
    static func section(_ html: String, table cls: String) -> String {
        var found = ""
        var rest = html[...]
        while let start = rest.range(of: "<table class=\"\(cls)\">"), let end = rest[start.upperBound...].range(of: "</table>") {
            found += rest[start.lowerBound..<end.upperBound]
            rest = rest[end.upperBound...]
        }
        return found
    }

    /// The texts of the evidence table's detail lines (`<div class="small clamp">…</div>`), tags removed and unescaped.
    static func evidenceDetails(_ html: String) -> [String] {
        var details: [String] = []
        var rest = html[...]
        let open = "<div class=\"small clamp\">", close = "</div>"
        while let start = rest.range(of: open), let end = rest[start.upperBound...].range(of: close) {
            var text = String(rest[start.upperBound..<end.lowerBound])
            while let tag = text.range(of: "<[^>]+>", options: .regularExpression) { text.removeSubrange(tag) }
            for (entity, character) in [("&#95;", "_"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&#45;", "-"), ("&#43;", "+"), ("&amp;", "&")] {
                text = text.replacingOccurrences(of: entity, with: character)
            }
            details.append(text)
            rest = rest[end.upperBound...]
        }
        return details
    }

    /// Every real tag of an HTML page (escaped values never contain a literal `<`).
    static func tags(_ html: String) -> [String] {
        var tags: [String] = []
        var rest = html[...]
        while let open = rest.firstIndex(of: "<") {
            guard let close = rest[open...].firstIndex(of: ">") else { break }
            tags.append(String(rest[open...close]))
            rest = rest[rest.index(after: close)...]
        }
        return tags
    }

    /// Active markup left in a page: script tags, event-handler attributes, javascript: URLs,
    /// and anything that would load from elsewhere when the page opens.
    static func activeMarkup(_ html: String) -> [String] {
        var found: [String] = []
        for tag in tags(html) {
            let lower = tag.lowercased()
            let name = lower.dropFirst().prefix { $0.isLetter || $0.isNumber || $0 == "/" || $0 == "!" }
            if ["script", "iframe", "object", "embed", "link", "img", "base", "meta http-equiv"].contains(String(name)) { found.append(tag) }
            // Attribute names: a space, then letters, then `=`.
            let attributePattern = /\s([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=/
            for match in lower.matches(of: attributePattern) {
                let attribute = String(match.1)
                if attribute.hasPrefix("on") || attribute == "src" || attribute == "srcdoc" || attribute == "formaction" { found.append(tag) }
            }
            if lower.contains("javascript:") || lower.contains("vbscript:") || lower.contains("data:") { found.append(tag) }
        }
        if html.lowercased().contains("@import") || html.lowercased().contains("url(") { found.append("CSS that loads a resource") }
        return found
    }

    /// Text between an element's opening tag with this id and the next `</section>`.
    static func section(_ html: String, id: String) -> String? {
        guard let start = html.range(of: "id=\"\(id)\"") else { return nil }
        let end = html.range(of: "</section>", range: start.upperBound..<html.endIndex)?.lowerBound ?? html.endIndex
        return String(html[start.lowerBound..<end])
    }

    static func count(_ needle: String, in haystack: String) -> Int { haystack.components(separatedBy: needle).count - 1 }

    /// The rows of the summary table: `(rank, fusion, probability)`.
    static func summaryRows(_ html: String) -> [(rank: String, fusion: String, probability: String)] {
        guard let start = html.range(of: "<table class=\"summary\">"), let end = html.range(of: "</table>", range: start.upperBound..<html.endIndex)
        else { return [] }
        let table = html[start.upperBound..<end.lowerBound]
        return table.components(separatedBy: "<tr>").dropFirst(2).map { row in
            let cells = row.components(separatedBy: "<td").dropFirst().map { cell -> String in
                let inner = cell.drop { $0 != ">" }.dropFirst()
                let text = String(inner.prefix { _ in true }).components(separatedBy: "</td>")[0]
                return decode(text.replacingOccurrences(of: #"<[^>]*>"#, with: "", options: .regularExpression))
            }
            return (cells[0], cells[1], cells[2])
        }
    }

    /// Decodes the character references the escaping uses.
    static func decode(_ text: String) -> String {
        var out = text
        for (entity, char) in [("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'")] {
            out = out.replacingOccurrences(of: entity, with: char)
        }
        while let range = out.range(of: #"&#[0-9]+;"#, options: .regularExpression) {
            let code = UInt32(out[range].dropFirst(2).dropLast()) ?? 63
            out.replaceSubrange(range, with: String(Character(UnicodeScalar(code) ?? "?")))
        }
        return out
    }

    static let epoch = ["SOURCE_DATE_EPOCH": "1764028800"]
}

@Suite("Report structure")
struct ReportStructureTests {
    /// Renders P001 through the binary and checks the page against the `score` table of the same input.
    @Test func kif5bRetReportHasEverySectionAndMatchesTheScoreTable() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let vcf = Fixtures.sample("P001-lung-KIF5B-RET.vcf")
        let html = dir.appendingPathComponent("P001.html").path, json = dir.appendingPathComponent("P001.json").path
        let tsv = dir.appendingPathComponent("P001.tsv").path, md = dir.appendingPathComponent("P001.md").path
        let run = try CLI.run(
            ["report", vcf, "--sample", "P001", "--tumor-type", "Lung adenocarcinoma", "-o", html, "--json", json, "--tsv", tsv, "--markdown", md],
            environment: ReportPage.epoch)
        #expect(run.status == 0, "\(run.stderr)")
        let page = try String(contentsOfFile: html, encoding: .utf8)
        let score = try CLI.run(["score", vcf, "--sample", "P001"])
        #expect(score.status == 0, "\(score.stderr)")
        let scoreRows = parseTSV(score.stdout)
        #expect(!scoreRows.isEmpty)

        // Sections a board needs, in order.
        let headings = ["<h1>Gene fusion case report — P001</h1>", "<h2>Summary</h2>", "class=\"card\"", "<h2>Methods and provenance</h2>", "class=\"disclaimer\""]
        var cursor = page.startIndex
        for heading in headings {
            let found = page.range(of: heading, range: cursor..<page.endIndex)
            #expect(found != nil, "missing or out of order: \(heading)")
            if let found { cursor = found.upperBound }
        }
        #expect(page.contains("Lung adenocarcinoma"))
        #expect(page.contains("not a diagnostic device"))

        // One summary row per scored fusion, in the score table's order, with its probability.
        let rows = ReportPage.summaryRows(page)
        #expect(rows.count == scoreRows.count)
        for (row, scored) in zip(rows, scoreRows) {
            let name = scored["fusion"]!.replacingOccurrences(of: "::", with: "(::)")  // DNA calls are shown with (::)
            #expect(row.fusion == name)
            #expect(abs(Double(row.probability)! - Double(scored["driver_probability"]!)!) < 0.006)
        }
        // One card per fusion (fewer than the default cap of 50 here).
        #expect(ReportPage.count("<section class=\"card\"", in: page) == min(50, scoreRows.count))

        // The KIF5B::RET card: name, breakpoints in both builds, support, exons, frame, diagram, evidence bars, PMIDs.
        let card = try #require(ReportPage.section(page, id: "fusion-1"))
        #expect(card.contains("KIF5B(::)RET"))
        #expect(card.contains("chr10:32025000") && card.contains("chr10:43115500"))
        #expect(card.contains("Breakpoints, input (GRCh38)"))
        #expect(card.contains("24 split reads") && card.contains("19 spanning pairs"))
        #expect(card.contains("exons 1–15") && card.contains("exons 12–20"))
        #expect(card.contains("in-frame"))
        #expect(card.contains("<svg class=\"protein\""))
        #expect(card.contains("<span class=\"cbar\">"))
        #expect(card.contains("https://pubmed.ncbi.nlm.nih.gov/"))
        for section in ["Mechanism", "Evidence and contributions", "Literature", "Therapies", "Caveats"] {
            #expect(card.contains("<h3>\(section)</h3>"), "card lacks \(section)")
        }

        // The diagram draws the domains the knowledge base has, or says the source is absent.
        let document = try JSONDecoder().decode(CaseReport.self, from: Data(contentsOf: URL(fileURLWithPath: json)))
        let ret = try #require(document.fusions.first?.threePrime)
        if document.knowledgeBase.missing.contains("domains") {
            #expect(card.contains("domain source absent"))
        } else {
            // KIF5B::RET keeps RET's tyrosine kinase domain (exons 12–20 encode it).
            let kinase = ret.domains.filter { $0.fate == .retained && ($0.domain.name.lowercased().contains("kinase") || $0.domain.name.contains("PTK")) }
            #expect(!kinase.isEmpty, "no retained RET kinase domain in \(ret.domains.map(\.domain.name))")
            for d in ret.domains { #expect(card.contains("<title>\(ReportEscaping.html(d.domain.name))"), "domain \(d.domain.name) not drawn") }
        }

        // Provenance: tool version and commit, KB build and every source, input SHA-256 (checked independently).
        let report = try JSONDecoder().decode(CaseReport.self, from: Data(contentsOf: URL(fileURLWithPath: json)))
        let visible = ReportPage.decode(page)
        #expect(visible.contains("\(report.tool.version) (commit \(report.tool.commit))"))
        #expect(visible.contains(report.knowledgeBase.buildID))
        for source in report.knowledgeBase.sources { #expect(visible.contains("<td>\(source.name)</td>"), "source \(source.name) missing") }
        let sha = try Self.sha256sum(vcf)
        #expect(page.contains(sha))
        #expect(report.inputs.first?.sha256 == sha)

        // JSON and TSV carry every fusion; the TSV starts with provenance lines.
        #expect(report.fusions.map(\.name) == scoreRows.map { $0["fusion"]! })
        let table = try String(contentsOfFile: tsv, encoding: .utf8)
        #expect(table.hasPrefix("##fusionboard="))
        #expect(table.contains("##input=P001-lung-KIF5B-RET.vcf build=GRCh38 sha256=\(sha)"))
        #expect(parseTSV(table).map { $0["fusion"]! } == scoreRows.map { $0["fusion"]! })

        // Nothing is fetched when the page opens.
        #expect(ReportPage.activeMarkup(page).isEmpty, "\(ReportPage.activeMarkup(page))")
    }

    /// `--max-cards` caps the cards, never the table.
    @Test func maxCardsLimitsCardsButNotTheTable() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let vcf = Fixtures.sample("P004-sarcoma-EWSR1-FLI1.vcf")
        let html = dir.appendingPathComponent("P004.html").path
        let run = try CLI.run(["report", vcf, "--sample", "P004", "--max-cards", "1", "-o", html])
        #expect(run.status == 0, "\(run.stderr)")
        let page = try String(contentsOfFile: html, encoding: .utf8)
        let scored = parseTSV(try CLI.run(["score", vcf]).stdout)
        #expect(scored.count >= 2, "P004 has the EWSR1::FLI1 and reciprocal FLI1::EWSR1 junctions")
        #expect(ReportPage.count("<section class=\"card\"", in: page) == 1)
        #expect(ReportPage.summaryRows(page).count == scored.count)
        #expect(page.contains("the other \(scored.count - 1) are in the table above"))
    }

    /// Every evidence item the collector gives the sample patients' fusions (full knowledge base: every optional
    /// source present) has a Japanese label, so no English row label is left in a Japanese report.
    @Test func everyEvidenceItemOfTheSamplePatientsHasAJapaneseLabel() throws {
        let kb = try Fixtures.knowledgeBase()
        let fusions = try ScoringTests.samplePatientFusions(kb)
        let keys = Set(fusions.flatMap { $0.evidence.items.map(\.key) })
        try #require(keys.count > 60, "the sample patients should meet most evidence keys")
        for f in fusions {
            for item in f.evidence.items {
                let ja = ReportLabels.japaneseEvidenceLabel(key: item.key, english: item.label, gene5: f.fusion.fivePrime.gene, gene3: f.fusion.threePrime.gene)
                #expect(ja != nil, "no Japanese label for \(item.key) (\(item.label))")
            }
        }
    }

    /// The evidence details the collector words itself (kept coding bases, transcript pairs, domains kept, breakend
    /// distance, CancerMine rows, diseases …) are Japanese in the Japanese reports of the four sample patients and
    /// English in the English ones; names, accessions and source rows read the same in both.
    @Test func evidenceDetailsFollowTheReportLanguage() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let english = ["coding bases", "transcript pairs", "% kept", "bp apart", "different chromosomes", "role × cancer rows", " citations)", "diseases: ", ": none"]
        var japanesePages = "", englishPages = "", japaneseTherapies = "", englishTherapies = ""
        for sample in ["P001-lung-KIF5B-RET", "P002-lung-EML4-ALK", "P003-prostate-TMPRSS2-ERG", "P004-sarcoma-EWSR1-FLI1"] {
            for language in ["ja", "en"] {
                let html = dir.appendingPathComponent("\(sample).\(language).html").path
                let run = try CLI.run(["report", Fixtures.sample("\(sample).vcf"), "--sample", sample, "--language", language, "-o", html])
                #expect(run.status == 0, "\(run.stderr)")
                let page = try String(contentsOfFile: html, encoding: .utf8)
                let details = ReportPage.evidenceDetails(page).joined(separator: "\n")
                if language == "ja" { japanesePages += details } else { englishPages += details }
                if language == "ja" { japaneseTherapies += ReportPage.section(page, table: "therapies") } else { englishTherapies += ReportPage.section(page, table: "therapies") }
            }
        }
        for phrase in english {
            #expect(!japanesePages.contains(phrase), "English detail \"\(phrase)\" in a Japanese report")
        }
        #expect(english.filter { englishPages.contains($0) }.count >= 6, "the English reports should use these phrases")
        for phrase in ["コード塩基", "%保持", "組中", "ブレークエンド間", "別の染色体", "役割×がん種", "（引用", "疾患：", "イントロン"] {
            #expect(japanesePages.contains(phrase), "no \(phrase) in the Japanese details")
        }
        // The therapy table: FusionBoard's own words (levels, drug–gene interaction notes, domain checks) follow the
        // language; a label's indication stays as the label states it.
        for phrase in ["(FDA-approved)", "drug–gene interaction with", "not fusion-specific", " kept"] {
            #expect(englishTherapies.contains(phrase), "no \(phrase) in the English therapy tables")
            #expect(!japaneseTherapies.contains(phrase), "English \"\(phrase)\" in a Japanese therapy table")
        }
        #expect(japaneseTherapies.contains("（FDA承認）") && japaneseTherapies.contains("との薬剤–遺伝子相互作用") && japaneseTherapies.contains(" 保持"))
    }

    /// Japanese labels and templates, a font stack that renders them offline.
    @Test func japaneseReportUsesJapaneseTemplatesAndLabels() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let html = dir.appendingPathComponent("P002.ja.html").path
        let run = try CLI.run(["report", Fixtures.sample("P002-lung-EML4-ALK.vcf"), "--sample", "P002", "--language", "ja", "-o", html])
        #expect(run.status == 0, "\(run.stderr)")
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.contains("<html lang=\"ja\">"))
        #expect(page.contains("遺伝子融合 症例レポート — P002"))
        #expect(page.contains("方法と来歴"))
        #expect(page.contains("診断機器ではありません"))
        #expect(page.contains("Noto Sans CJK JP"))
        #expect(ReportPage.count("<section class=\"card\"", in: page) == ReportPage.summaryRows(page).count)
        // The evidence table's labels and yes/no values are Japanese too (the English page has neither).
        #expect(page.contains("ALKのキナーゼドメインの保持") && page.contains("EML4の切断点の領域"))
        #expect(page.contains("<td>はい</td>") || page.contains(">はい<"), "no Japanese yes in the evidence table")
        #expect(!page.contains("kinase domain retained") && !page.contains("Breakpoint region in EML4"))
        #expect(page.contains("モデルの特徴量群：読み枠・領域"))
        // Region, frame and breakpoint locations are Japanese as well (EML4 intron 13 → ALK intron 19).
        #expect(page.contains("<td>イントロン</td>") && page.contains("<td>インフレーム</td>"))
        #expect(page.contains("· イントロン13</td>") && page.contains("· イントロン19</td>"))
        #expect(!page.contains("<td>intron</td>") && !page.contains("· intron 13"))
        #expect(page.contains("5′ 左（小さい座標側）") || page.contains("5′ 右（大きい座標側）"), "kept sides in Japanese")
        let english = dir.appendingPathComponent("P002.en.html").path
        #expect(try CLI.run(["report", Fixtures.sample("P002-lung-EML4-ALK.vcf"), "--sample", "P002", "-o", english]).status == 0)
        let englishPage = try String(contentsOfFile: english, encoding: .utf8)
        #expect(englishPage.contains("ALK kinase domain retained") && !englishPage.contains("はい"))
        #expect(englishPage.contains("<td>intron</td>") && englishPage.contains("· intron 13</td>") && !englishPage.contains("イントロン"))
        let bad = try CLI.run(["report", Fixtures.sample("P002-lung-EML4-ALK.vcf"), "--sample", "P002", "--language", "fr", "-o", html])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("--language must be en or ja"))
    }

    /// A site folder replaces templates by name; a template that writes a data value raw is refused.
    @Test func siteTemplatesOverrideByNameAndMayNotWriteValuesRaw() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let installed = Fixtures.root.appendingPathComponent("Templates").path
        let shell = try String(contentsOfFile: installed + "/page.html.mustache", encoding: .utf8)
            .replacingOccurrences(of: "<body>", with: "<body>\n<p class=\"site\">Example Hospital tumour board</p>")
        try shell.write(to: dir.appendingPathComponent("page.html.mustache"), atomically: true, encoding: .utf8)
        let kb = try Fixtures.knowledgeBase()
        let analysis = try Pipeline(knowledgeBase: kb, options: PipelineOptions()).run(inputs: [Fixtures.sample("P001-lung-KIF5B-RET.vcf")], sample: "P001")
        let renderer = try ReportRenderer(templatesDirectories: [installed, dir.path])
        let html = renderer.render(analysis, generatedAt: Date(timeIntervalSince1970: 0)).html
        #expect(html.contains("<p class=\"site\">Example Hospital tumour board</p>"))
        #expect(ReportPage.count("<section class=\"card\"", in: html) == analysis.fusions.count)

        try "<p>{{{sample}}}</p>\n".write(to: dir.appendingPathComponent("fusion-card.md.mustache"), atomically: true, encoding: .utf8)
        #expect(throws: ReportError.self) { try ReportRenderer(templatesDirectories: [installed, dir.path]) }
        try FileManager.default.removeItem(at: dir.appendingPathComponent("fusion-card.md.mustache"))
        // Alone, a partial folder is incomplete and says which template is missing.
        do {
            _ = try ReportRenderer(templatesDirectories: [dir.path])
            Issue.record("an incomplete template folder was accepted")
        } catch let error as ReportError {
            #expect(error.description.contains("has no report template"))
        }
    }

    static func sha256sum(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(String(decoding: data, as: UTF8.self).prefix(64))
    }
}

@Suite("Report safety")
struct ReportSafetyTests {
    /// A VCF whose sample name, record IDs, MATEIDs and EVENT carry markup and javascript: links,
    /// and CLI arguments that do the same: the page must keep them as text and stay inert.
    @Test func hostileVCFRendersAsInertText() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var text = try String(contentsOfFile: Fixtures.sample("P001-lung-KIF5B-RET.vcf"), encoding: .utf8)
        let id1 = "<script>alert(1)</script>", id2 = "[x](javascript:alert(2))"
        text = text.replacingOccurrences(of: "MantaBND:41207:0:1:0:0:0:0", with: id1).replacingOccurrences(of: "MantaBND:41207:0:1:0:0:0:1", with: id2)
        text = text.replacingOccurrences(of: "EVENT=\(id1)", with: "EVENT=<img/src=x/onerror=alert(3)>")
        text = text.replacingOccurrences(of: "NORMAL\tTUMOR", with: "NORMAL\t<svg/onload=alert(4)>TUMOR")
        let vcf = dir.appendingPathComponent("hostile.vcf")
        try text.write(to: vcf, atomically: true, encoding: .utf8)
        let html = dir.appendingPathComponent("hostile.html").path, md = dir.appendingPathComponent("hostile.md").path
        for language in ["en", "ja"] {
            let run = try CLI.run([
                "report", vcf.path, "--sample", "**P1** <script>alert(5)</script>",
                "--tumor-type", "<a href=\"javascript:alert(6)\">x</a> [c](javascript:alert(7)) <iframe src=//x>", "-o", html, "--markdown", md,
                "--language", language,
            ])
            #expect(run.status == 0, "\(run.stderr)")
            let page = try String(contentsOfFile: html, encoding: .utf8)
            #expect(ReportPage.activeMarkup(page).isEmpty, "active markup: \(ReportPage.activeMarkup(page))")
            #expect(!page.lowercased().contains("<script"))
            #expect(!page.contains("<strong>P1</strong>"))
            // Every hostile value is still there, as text a reader sees.
            for n in 1...7 { #expect(page.contains("alert(\(n))"), "alert(\(n)) was dropped instead of shown as text") }
            let card = try #require(ReportPage.section(page, id: "fusion-1"))
            #expect(ReportPage.decode(card).contains("<script>alert(1)</script>, [x](javascript:alert(2))"))
        }
    }

    /// Domain names come from the knowledge base: the SVG escapes them too.
    @Test func diagramEscapesDomainNames() throws {
        let kb = try Fixtures.knowledgeBase()
        let analysis = try Pipeline(knowledgeBase: kb, options: PipelineOptions()).run(inputs: [Fixtures.sample("P001-lung-KIF5B-RET.vcf")], sample: "P001")
        var fusion = try #require(CaseReport.make(analysis, generatedAt: Date(timeIntervalSince1970: 0), language: .en, maxCards: 50).fusions.first)
        let hostile = ProteinDomain(name: "<script>x</script>\" onload=\"alert(1)", pfam: "PF<b>", description: nil, aaStart: 730, aaEnd: 1000, source: "<i>src</i>")
        fusion.threePrime.domains = [RetainedDomain(domain: hostile, fate: .retained, fractionKept: 1)]
        let svg = ReportGraphics.proteinDiagram(fusion, domainsAvailable: true, labels: ReportLabels(.en))
        #expect(!svg.contains("<script"))
        #expect(!svg.contains("<b>") && !svg.contains("<i>"))
        #expect(!svg.contains("\" onload=\""))
        #expect(svg.contains("&lt;script&gt;"))
        #expect(ReportPage.activeMarkup(svg).isEmpty)
    }
}

@Suite("Report reproducibility and size")
struct ReportReproducibilityTests {
    /// Same inputs, same knowledge base, same SOURCE_DATE_EPOCH: byte-identical HTML, Markdown, JSON and TSV.
    @Test(arguments: ["en", "ja"])
    func twoRunsAreByteIdentical(_ language: String) throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var outputs: [[Data]] = []
        for run in 1...2 {
            let base = dir.appendingPathComponent("run\(run)")
            let files = ["html", "md", "json", "tsv"].map { base.path + ".\($0)" }
            let result = try CLI.run(
                [
                    "report", Fixtures.sample("P004-sarcoma-EWSR1-FLI1.vcf"), "--sample", "P004", "--tumor-type", "Ewing sarcoma", "--language", language,
                    "-o", files[0], "--markdown", files[1], "--json", files[2], "--tsv", files[3],
                ], environment: ReportPage.epoch)
            #expect(result.status == 0, "\(result.stderr)")
            outputs.append(try files.map { try Data(contentsOf: URL(fileURLWithPath: $0)) })
        }
        #expect(outputs[0] == outputs[1])
        let page = String(decoding: outputs[0][0], as: UTF8.self)
        #expect(page.contains("2025-11-25 00:00 UTC"))
    }

    /// A 10,000-record patient (BND pairs at real transcripts' midpoints): the HTML stays under 2 MB,
    /// with the cards capped and every fusion in the table.
    @Test func tenThousandSVPatientStaysUnderTwoMegabytes() throws {
        let kb = try Fixtures.knowledgeBase()
        let transcripts = try kb.db.rows(
            "SELECT chrom, tx_start, tx_end FROM transcript WHERE cds_start IS NOT NULL AND chrom NOT LIKE '%\\_%' ESCAPE '\\' ORDER BY id")
            .compactMap { row -> (String, Int)? in
                guard let chrom = row[0], let s = row[1].flatMap(Int.init), let e = row[2].flatMap(Int.init) else { return nil }
                return (chrom.hasPrefix("chr") ? chrom : "chr" + chrom, (s + e) / 2)
            }
            .filter { ["chrM", "chrMT"].contains($0.0) == false }
        try #require(transcripts.count > 10_000)
        let header = try String(contentsOfFile: Fixtures.sample("P001-lung-KIF5B-RET.vcf"), encoding: .utf8)
            .split(separator: "\n").filter { $0.hasPrefix("#") }.joined(separator: "\n")
        var lines = [header]
        let forms: [(String, String)] = [("N[%@[", "]%@]N"), ("N]%@]", "N]%@]"), ("[%@[N", "[%@[N"), ("]%@]N", "N[%@[")]
        for i in 0..<5_000 {
            let a = transcripts[(i * 7_919) % transcripts.count], b = transcripts[(i * 104_729 + 13) % transcripts.count]
            let (altA, altB) = forms[i % 4]
            let idA = "bnd\(i)_1", idB = "bnd\(i)_2"
            let info = "SVTYPE=BND;SOMATIC;SOMATICSCORE=60"
            lines.append("\(a.0)\t\(a.1)\t\(idA)\tN\t\(altA.replacingOccurrences(of: "%@", with: "\(b.0):\(b.1)"))\t60\tPASS\t\(info);MATEID=\(idB)\tPR:SR\t30,0:30,0\t40,6:40,7")
            lines.append("\(b.0)\t\(b.1)\t\(idB)\tN\t\(altB.replacingOccurrences(of: "%@", with: "\(a.0):\(a.1)"))\t60\tPASS\t\(info);MATEID=\(idA)\tPR:SR\t30,0:30,0\t40,6:40,7")
        }
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let vcf = dir.appendingPathComponent("large.vcf")
        try (lines.joined(separator: "\n") + "\n").write(to: vcf, atomically: true, encoding: .utf8)
        let html = dir.appendingPathComponent("large.html").path, json = dir.appendingPathComponent("large.json").path
        let run = try CLI.run(["report", vcf.path, "--sample", "LARGE", "-o", html, "--json", json])
        #expect(run.status == 0, "\(run.stderr)")
        let size = try FileManager.default.attributesOfItem(atPath: html)[.size] as? Int ?? .max
        let report = try JSONDecoder().decode(CaseReport.self, from: Data(contentsOf: URL(fileURLWithPath: json)))
        #expect(report.counts.recordsRead == 10_000)
        #expect(report.fusions.count > 50, "the generated patient should have more fusions than cards")
        #expect(size < 2_000_000, "report is \(size) bytes")
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(ReportPage.count("<section class=\"card\"", in: page) == 50)
        #expect(ReportPage.summaryRows(page).count == report.fusions.count)
    }
}

@Suite("Report cohort index")
struct ReportCohortTests {
    @Test func cohortWritesIndexAndMergedTable() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try CLI.run(["cohort", Fixtures.sample("cohort.tsv"), "-o", dir.path, "--jobs", "2"], environment: ReportPage.epoch)
        #expect(run.status == 0, "\(run.stderr)")
        let index = try String(contentsOf: dir.appendingPathComponent("index.html"), encoding: .utf8)
        let mergedText = try String(contentsOf: dir.appendingPathComponent("cohort.fusions.tsv"), encoding: .utf8)
        let merged = parseTSV(mergedText)
        let manifest = parseTSV(try String(contentsOfFile: Fixtures.sample("cohort.tsv"), encoding: .utf8))
        for patient in manifest {
            let sample = patient["sample"]!
            #expect(index.contains("<a href=\"\(sample).html\">\(sample)</a>"), "no link to \(sample)")
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("\(sample).html").path))
            #expect(index.contains(patient["tumor_type"]!))
            #expect(merged.contains { $0["sample"] == sample })
            // The merged table names each patient's input with its checksum.
            let path = try #require(patient["path"])
            let digest = try FileDigest.sha256(path: Fixtures.sample(path))
            #expect(mergedText.contains("##input=\(sample):\(path) build=GRCh38 sha256=\(digest)\n"), "no ##input line for \(sample)")
        }
        // Every fusion of the merged table is listed, linked to its card in the patient's report.
        for row in merged {
            #expect(index.contains("<td>\(row["fusion"]!)</td>") || index.contains("<strong>\(row["fusion"]!)</strong>"))
            #expect(index.contains("href=\"\(row["sample"]!).html#fusion-"))
        }
        #expect(index.contains("<h2>Partner genes</h2>"))
        #expect(ReportPage.activeMarkup(index).isEmpty)
    }

    /// The index counts patients, not calls: BT474's STAR-Fusion file calls several pairs more than once
    /// (different junctions), and each such pair counts once per patient, in the class of the patient's
    /// highest-probability call; the partner-gene columns count patients too. Expectations come from the
    /// merged TSV the same run writes.
    @Test func cohortCountsPatientsNotCalls() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let manifest = dir.appendingPathComponent("cohort.tsv")
        let calls = Fixtures.sharedFile("cases/rna-fusion-calls")
        try "sample\tpath\ttumor_type\nBT474\t\(calls)/BT474.star-fusion.tsv\tBreast carcinoma\nSKBR3\t\(calls)/SKBR3.star-fusion.tsv\tBreast carcinoma\n"
            .write(to: manifest, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        let run = try CLI.run(["cohort", manifest.path, "-o", out.path, "--jobs", "2"], environment: ReportPage.epoch)
        #expect(run.status == 0, "\(run.stderr)")
        let index = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        let merged = parseTSV(try String(contentsOf: out.appendingPathComponent("cohort.fusions.tsv"), encoding: .utf8))

        var best: [String: [String: (probability: Double, driverClass: String)]] = [:]
        var fivePrime: [String: Set<String>] = [:], threePrime: [String: Set<String>] = [:]
        var callsPerPair: [String: Int] = [:]
        for row in merged {
            let fusion = try #require(row["fusion"]), sample = try #require(row["sample"])
            let probability = try #require(Double(row["driver_probability"] ?? ""))
            callsPerPair[fusion, default: 0] += 1
            if probability > best[fusion]?[sample]?.probability ?? -1 { best[fusion, default: [:]][sample] = (probability, row["class"] ?? "") }
            fivePrime[row["gene5"]!, default: []].insert(sample)
            threePrime[row["gene3"]!, default: []].insert(sample)
        }
        let repeated = best.filter { callsPerPair[$0.key]! > $0.value.count }
        #expect(!repeated.isEmpty, "no pair is called twice in one patient; the test would not see the difference")
        for (fusion, patients) in repeated {
            let cells = try #require(Self.numericCells(index, table: "recurrent", firstCell: fusion), "no row for \(fusion)")
            let classes = patients.values.map(\.driverClass)
            let expected = [patients.count] + ["likely driver", "uncertain", "likely passenger"].map { c in classes.filter { $0 == c }.count }
            #expect(Array(cells.prefix(4)) == expected, "\(fusion): \(cells) in the index, \(expected) from the merged table")
        }
        for gene in Set(repeated.keys.flatMap { $0.components(separatedBy: "::") }) {
            let cells = try #require(Self.numericCells(index, table: "genes", firstCell: gene), "no row for \(gene)")
            let patients = fivePrime[gene, default: []].union(threePrime[gene, default: []])
            #expect(cells == [patients.count, fivePrime[gene, default: []].count, threePrime[gene, default: []].count], "\(gene): \(cells)")
        }
    }

    /// The whole-number cells of the row of `<table class="TABLE">` whose first cell's text is `firstCell`.
    static func numericCells(_ html: String, table: String, firstCell: String) -> [Int]? {
        guard let start = html.range(of: "<table class=\"\(table)\">"), let end = html[start.upperBound...].range(of: "</table>") else { return nil }
        for row in html[start.upperBound..<end.lowerBound].components(separatedBy: "<tr>").dropFirst() {
            let cells = row.components(separatedBy: "<td").dropFirst().map { cell -> String in
                String(cell.drop { $0 != ">" }.dropFirst()).replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
            }
            guard let first = cells.first, first.trimmingCharacters(in: .whitespaces) == firstCell else { continue }
            return cells.dropFirst().compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        }
        return nil
    }
}

/// One report through the binary: the page, the Markdown, the JSON document and the command's output.
struct RenderedReport {
    var html: String
    var markdown: String
    var document: CaseReport
    var run: CommandResult

    static func make(_ input: String, sample: String, language: String = "en", in dir: URL, name: String? = nil, extra: [String] = []) throws -> RenderedReport {
        let base = dir.appendingPathComponent(name ?? "\(sample).\(language)").path
        let run = try CLI.run(
            ["report", input, "--sample", sample, "--language", language, "-o", base + ".html", "--markdown", base + ".md", "--json", base + ".json"] + extra,
            environment: ReportPage.epoch)
        #expect(run.status == 0, "\(run.stderr)")
        return RenderedReport(
            html: try String(contentsOfFile: base + ".html", encoding: .utf8), markdown: try String(contentsOfFile: base + ".md", encoding: .utf8),
            document: try JSONDecoder().decode(CaseReport.self, from: Data(contentsOf: URL(fileURLWithPath: base + ".json"))), run: run)
    }

    func fusion(_ name: String) throws -> FusionReport { try #require(document.fusions.first { $0.name == name }, "no \(name)") }
}

extension ReportPage {
    /// The page's `<style>` block.
    static func css(_ html: String) -> String {
        guard let start = html.range(of: "<style>"), let end = html.range(of: "</style>") else { return "" }
        return String(html[start.upperBound..<end.lowerBound])
    }

    /// The rules of the `@media print` block.
    static func printCSS(_ html: String) -> String {
        let css = css(html)
        guard let start = css.range(of: "@media print {") else { return "" }
        return String(css[start.upperBound...])
    }

    /// The text of a table row whose header cell reads `header` (tags removed, references decoded).
    static func factRow(_ html: String, _ header: String) -> String? {
        guard let start = html.range(of: "<th>\(header)</th><td>"), let end = html.range(of: "</td></tr>", range: start.upperBound..<html.endIndex) else { return nil }
        return decode(String(html[start.upperBound..<end.lowerBound]).replacingOccurrences(of: #"<[^>]*>"#, with: "", options: .regularExpression))
    }
}

extension ReportStructureTests {
    /// The knowledge base's Mitelman table is a recurrent-fusion summary, its ChimerDB PubMed table a few hundred pairs
    /// and COSMIC a curated list: a pair they do not list has no count there. Checked against the knowledge base's own
    /// rows for every fusion of the four sample patients and BT474 (RNA), in English and Japanese: a listed pair shows
    /// the source's count, an unlisted one "not listed in SOURCE (what it covers)", absent in the JSON — never 0.
    /// Co-citations are stored for protein-coding genes only: a pair with another gene shows "not stored", not 0.
    @Test func countsAPartialSourceCannotGiveAreShownAsNotListedNeverAsZero() throws {
        let kb = try Fixtures.knowledgeBase()
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        func listed(_ g5: String, _ g3: String, _ source: String) throws -> [[String?]] {
            try kb.db.rows(
                "SELECT k.count, k.pmids FROM known_fusion k JOIN source s ON s.id = k.source_id WHERE k.gene5 = ? AND k.gene3 = ? AND s.name = ?",
                [.text(g5), .text(g3), .text(source)])
        }
        var notListed: Set<String> = [], counted: Set<String> = [], notStored = 0, coCited = 0
        let inputs = ["P001-lung-KIF5B-RET", "P002-lung-EML4-ALK", "P003-prostate-TMPRSS2-ERG", "P004-sarcoma-EWSR1-FLI1"].map { (Fixtures.sample("\($0).vcf"), $0) }
            + [(Fixtures.sharedFile("cases/rna-fusion-calls/BT474.star-fusion.tsv"), "BT474")]
        for (input, sample) in inputs {
            for language in ["en", "ja"] {
                let report = try RenderedReport.make(input, sample: sample, language: language, in: dir)
                let visible = ReportPage.decode(report.html), markdown = ReportPage.decode(report.markdown)
                for f in report.document.fusions {
                    let g5 = try kb.currentSymbol(f.fivePrime.gene), g3 = try kb.currentSymbol(f.threePrime.gene)
                    for (key, source) in [("cosmic_samples", "COSMIC fusions"), ("mitelman_cases", "Mitelman recurrent fusions"), ("fusion_pmid_count", "ChimerDB 3.0 PubMed")] {
                        let row = try #require(f.evidence.first { $0.key == key }, "\(f.name): no \(key)")
                        let rows = try listed(g5, g3, source)
                        if rows.isEmpty {
                            notListed.insert(key)
                            #expect(row.absent, "\(f.name) \(key): \(row.value)")
                            #expect(row.value.hasPrefix(language == "en" ? "not listed in \(source) (" : "\(source)に掲載なし（"), "\(f.name) \(key): \(row.value)")
                            #expect(Double(row.value) == nil)
                            // The page and the Markdown show the same words in the evidence table.
                            #expect(visible.contains(">\(row.value)</td>") && markdown.contains(">\(row.value)</td>"), "\(f.name) \(key)")
                        } else {
                            counted.insert(key)
                            let expected = key == "fusion_pmid_count"
                                ? Set(rows.flatMap { ($0[1] ?? "").split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } }).count
                                : rows.compactMap { $0[0].flatMap { Int($0) } }.reduce(0, +)
                            #expect(row.value == String(expected) && !row.absent, "\(f.name) \(key): \(row.value), the knowledge base has \(expected)")
                        }
                    }
                    let types = try [g5, g3].map { try kb.db.rows("SELECT gene_type FROM gene WHERE symbol = ?", [.text($0)]).first?[0] ?? nil }
                    let cocitation = try #require(f.evidence.first { $0.key == "cocitation" })
                    if types.allSatisfy({ $0 == "protein-coding" }) {
                        coCited += 1
                        #expect(!cocitation.absent && Int(cocitation.value) != nil, "\(f.name): \(cocitation.value)")
                    } else if types.allSatisfy({ $0 != nil }) {
                        notStored += 1
                        #expect(cocitation.absent, "\(f.name) (\(types)): \(cocitation.value)")
                        #expect(cocitation.value.hasPrefix(language == "en" ? "not stored for " : ""), "\(f.name): \(cocitation.value)")
                        #expect(cocitation.value.contains(language == "en" ? "protein-coding genes only" : "タンパク質コード遺伝子についてのみ"))
                        #expect(f.literature.cocitations == cocitation.value, "the Literature paragraph says the same")
                    }
                }
            }
        }
        // Both branches are met for every source (KIF5B::RET is in no Mitelman or PubMed table; EWSR1::FLI1 is in
        // Mitelman's; EML4::ALK in ChimerDB PubMed; BT474's VAPB::IKZF3 in no COSMIC list), and both for co-citations.
        #expect(notListed == ["cosmic_samples", "mitelman_cases", "fusion_pmid_count"] && counted == notListed, "\(notListed) \(counted)")
        #expect(notStored > 0 && coCited > 0)
    }

    /// The mechanism paragraph names the model's feature groups in words (the evidence table's group names), not the
    /// model's feature identifiers, in both languages; cards, tables and notes let long tokens wrap.
    @Test func mechanismTextNamesFeatureGroupsNotIdentifiersAndLongTokensWrap() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for language in ["en", "ja"] {
            let report = try RenderedReport.make(Fixtures.sample("P001-lung-KIF5B-RET.vcf"), sample: "P001", language: language, in: dir)
            let f = try report.fusion("KIF5B::RET")
            let summary = try #require(f.summary)
            let identifiers = f.contributions.flatMap { $0.feature.split(separator: ",").map(String.init) }.filter { $0.contains("_") }
            try #require(identifiers.count > 10, "the model's groups should carry identifiers like frame_in_frame")
            for id in identifiers { #expect(!summary.contains(id), "\(language): \(id) in the summary") }
            #expect(!summary.contains(",break5_in_cds") && !summary.contains("known_pair_sources"))
            // The three largest contributions, each by its group's name with its value.
            let top = f.contributions.filter { $0.contribution != 0 }.sorted { abs($0.contribution) > abs($1.contribution) }.prefix(3)
            let japanese = ["known fusions": "既知融合", "domains": "ドメイン", "frame/region": "読み枠・領域", "gene roles": "遺伝子の役割", "literature": "文献"]
            for c in top {
                let value = (c.contribution >= 0 ? "+" : "") + String(format2: c.contribution)
                let group = language == "en" ? c.group : try #require(japanese[c.group], "\(c.group)")
                #expect(summary.contains(language == "en" ? "\(group) (\(value))" : "\(group)（\(value)）"), "\(language): \(group) \(value) not in “\(summary)”")
            }
            // Long tokens wrap: the card and everything in it, and every table cell.
            let css = ReportPage.css(report.html)
            #expect(css.contains(".card, .card p, .card li, figcaption") && css.contains("overflow-wrap: anywhere; min-width: 0; }"))
            #expect(css.contains("th, td { border: 1px solid var(--line); padding: .25rem .45rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }"))
            #expect(css.contains("table.summary td, table.patients td, table.recurrent td, table.genes td { overflow-wrap: break-word; }"))
        }
    }

    /// Methods name the model file and its SHA-256, what the file records about its training, the Platt calibration
    /// and the class cut-offs, and the training out-of-fold AUROC the file records; the card says the probability is
    /// the calibrated model output. Every figure checked against the model file itself, in English and Japanese.
    @Test func methodsStateTheModelFileCalibrationCutOffsAndRecordedAUROC() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for language in ["en", "ja"] {
            let report = try RenderedReport.make(Fixtures.sample("P001-lung-KIF5B-RET.vcf"), sample: "P001", language: language, in: dir)
            let model = try #require(report.document.model.trainedModel, "no model provenance in the JSON")
            let file = try #require(model.file)
            let path = Fixtures.root.appendingPathComponent("Models/\(file)").path
            let text = try String(contentsOfFile: path, encoding: .utf8)
            func line(_ key: String) throws -> [String] {
                try #require(text.split(separator: "\n").first { $0.hasPrefix(key + " ") }).split(separator: " ").dropFirst().map(String.init)
            }
            // The file writes the shortest form of a cut-off (0.64), the report three decimals (0.640).
            let calibration = try line("calibration").compactMap(Double.init)
            let thresholds = try line("thresholds").map { String(format: "%.3f", try #require(Double($0))) }
            let auroc = try #require(text.firstMatch(of: /out-of-fold AUROC ([0-9.]+)/)).1
            let sha = try ReportStructureTests.sha256sum(path)
            #expect(model.sha256 == sha)
            let visible = ReportPage.decode(report.html)
            #expect(visible.contains(file) && visible.contains(sha), "model file and its SHA-256 in Methods")
            let kbBuild = try line("kb_build").joined(separator: " "), seed = try line("seed")[0]
            let dataHash = String(try line("training_data")[1].dropFirst("sha256:".count))
            #expect(visible.contains(kbBuild) && visible.contains(seed))
            #expect(visible.contains(dataHash), "training data hash")
            #expect(visible.contains("AUROC \(auroc)"))
            #expect(!visible.contains("the scorer carries no evaluation figures") && !visible.contains("スコアラーに評価指標がありません"))
            let a = String(format: "%.4f", calibration[0]), b = String(format: "%.4f", abs(calibration[1]))
            let cutOffs = try #require(ReportPage.factRow(report.html, language == "en" ? "Class cut-offs" : "クラスの閾値"))
            if thresholds[0] == thresholds[1] {
                #expect(cutOffs == (language == "en"
                    ? "likely driver ≥ \(thresholds[0]); likely passenger < \(thresholds[0]) (no uncertain band)"
                    : "ドライバーの可能性が高い ≥ \(thresholds[0])、パッセンジャーの可能性が高い < \(thresholds[0])（判定保留の範囲なし）"), "\(cutOffs)")
            } else {
                #expect(cutOffs.contains(thresholds[0]) && cutOffs.contains(thresholds[1]))
            }
            let probability = try #require(ReportPage.factRow(report.html, language == "en" ? "Probability" : "確率"))
            #expect(probability.contains("a = \(a)") && probability.contains("b = \(calibration[1] < 0 ? "−" : "")\(b)") && probability.contains("Platt"))
            // The card: the probability is the calibrated model output, and the formula it states gives it.
            let f = try report.fusion("KIF5B::RET")
            let card = ReportPage.decode(try #require(ReportPage.section(report.html, id: "fusion-1")))
            #expect(card.contains(language == "en" ? "is the calibrated model output" : "モデル出力をキャリブレーションした値"))
            #expect(card.contains("1 / (1 + e^−(\(a) × \(String(format2: f.modelOutput))\(calibration[1] < 0 ? " − " : " + ")\(b)))"), "\(card)")
            #expect(abs(1 / (1 + exp(-(calibration[0] * f.modelOutput + calibration[1]))) - f.probability) < 1e-9)
        }
    }

    /// A Japanese report has no English label left: group headers, domain fates in the list and the diagram's
    /// tooltips, the scorer line, input warnings; and it says 知識ベース throughout.
    @Test func japaneseReportLeavesNoEnglishLabel() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let p001 = try RenderedReport.make(Fixtures.sample("P001-lung-KIF5B-RET.vcf"), sample: "P001", language: "ja", in: dir)
        let bt474 = try RenderedReport.make(Fixtures.sharedFile("cases/rna-fusion-calls/BT474.star-fusion.tsv"), sample: "BT474", language: "ja", in: dir)
        for page in [p001.html, bt474.html] {
            let headers = page.matches(of: /<tr class="group ev"><th colspan="5">([^<]*)/).map { String($0.1) }
            try #require(headers.count >= 8)
            let english: Set<String> = ["frame/region", "domains", "UTRs", "roles", "promiscuity", "artefact", "literature", "known fusions", "therapy", "score"]
            for header in headers.map({ $0.trimmingCharacters(in: .whitespaces) }) { #expect(!english.contains(header), "English group header “\(header)”") }
            #expect(headers.contains { $0.hasPrefix("融合パートナーの多さ") } && headers.contains { $0.hasPrefix("治療") })
            #expect(!page.contains(">promiscuity") && !page.contains(">therapy"))
            let list = page.matches(of: /<span class="domain-list">([^<]*)<\/span>/).map { String($0.1) }
            try #require(!list.isEmpty)
            for text in list { #expect(!text.contains("(retained)") && !text.contains("(lost)") && !text.contains("(truncated)"), "\(text)") }
            let titles = page.matches(of: /<title>([^<]*)<\/title>/).map { String($0.1) }
            for title in titles { #expect(!title.contains("retained") && !title.contains("lost") && !title.contains("projected from"), "\(title)") }
            #expect(titles.contains { $0.contains("保持") })
            let scorer = try #require(ReportPage.factRow(page, "スコアラー"))
            #expect(!scorer.contains("all evidence") && !scorer.contains("KB profile") && scorer.contains("知識ベースプロファイル"), "\(scorer)")
            #expect(!page.contains("知識基盤"))
        }
        let warnings = bt474.document.warnings
        try #require(!warnings.isEmpty, "BT474 is read as GRCh37 with a warning")
        for w in warnings { #expect(w.hasPrefix("BT474.star-fusion.tsv: ファイルにビルドの記載がなく"), "\(w)") }
        #expect(ReportPage.decode(bt474.html).contains("<li>\(warnings[0])</li>"))
        for template in try FileManager.default.contentsOfDirectory(atPath: Fixtures.root.appendingPathComponent("Templates/ja").path) {
            let text = try String(contentsOfFile: Fixtures.root.appendingPathComponent("Templates/ja/\(template)").path, encoding: .utf8)
            #expect(!text.contains("知識基盤"), "\(template)")
        }
    }

    /// Small things a board member trips over: a non-coding exon said once ("ncRNA exon 1"); one "not given" for a
    /// caller without CIPOS instead of "— —"; a FILTER the caller never gave (Arriba) shown as not given, not PASS; a
    /// VCF's PASS still PASS; the printed evidence table shows sources and their versions whole.
    @Test func locationsCIPOSFilterAndPrintedSourcesReadRight() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bt474 = try RenderedReport.make(Fixtures.sharedFile("cases/rna-fusion-calls/BT474.star-fusion.tsv"), sample: "BT474", in: dir)
        let locations = bt474.document.fusions.flatMap { [$0.fivePrime.location, $0.threePrime.location] }
        #expect(locations.contains("ncRNA exon 1"), "\(Set(locations))")
        #expect(!bt474.html.contains("exon exon") && !locations.contains { $0.contains("exon exon") })

        let k562 = try RenderedReport.make(Fixtures.sharedFile("cases/rna-fusion-calls/arriba_K562_fusions.tsv"), sample: "K562", in: dir)
        let card = try #require(ReportPage.section(k562.html, id: "fusion-1"))
        #expect(!ReportPage.decode(card).contains("— —") && !card.contains("· — —"))
        #expect(ReportPage.factRow(card, "Kept side · CIPOS") == "5′ left · 3′ right; CIPOS not given by the caller")
        let filter = try #require(ReportPage.factRow(card, "SV type · FILTER"))
        #expect(filter.hasPrefix("RNA · not given by the caller · ") && !filter.contains("PASS"), "\(filter)")
        let bcrAbl1 = try k562.fusion("BCR::ABL1")
        #expect(bcrAbl1.filter == ".")
        let japanese = try RenderedReport.make(Fixtures.sharedFile("cases/rna-fusion-calls/arriba_K562_fusions.tsv"), sample: "K562", language: "ja", in: dir)
        #expect(ReportPage.factRow(japanese.html, "保持側 · CIPOS")?.hasSuffix("；CIPOS コーラーの出力になし") == true)

        let p001 = try RenderedReport.make(Fixtures.sample("P001-lung-KIF5B-RET.vcf"), sample: "P001", in: dir)
        #expect(ReportPage.factRow(p001.html, "SV type · FILTER")?.hasPrefix("INV · PASS · ") == true)
        #expect(ReportPage.factRow(p001.html, "Kept side · CIPOS") == "5′ right · 3′ right; CIPOS 5′ 0,2 · 3′ 0,2")

        // Print: the sources column is not clamped (clamping cut versions with "…"); the detail lines may be.
        let print = ReportPage.printCSS(p001.html)
        #expect(print.contains("table.evidence td:nth-child(4) .clamp { display: block; -webkit-line-clamp: unset; overflow: visible; }"))
    }
}

extension ReportReproducibilityTests {
    /// Reports name an input by its file name, never its path: the same file in two folders gives byte-identical
    /// HTML, Markdown and JSON, whose warnings start `NAME:LINE:`; the command line's own warnings keep the path.
    @Test(arguments: ["en", "ja"])
    func inputsAreNamedByFileNameWhereverTheyLie(_ language: String) throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // P001 with one more breakend whose mate is not in the file: a warning with a line number.
        var text = try String(contentsOfFile: Fixtures.sample("P001-lung-KIF5B-RET.vcf"), encoding: .utf8)
        if !text.hasSuffix("\n") { text += "\n" }
        text += "chr2\t5000\tlonely\tN\tN[chr3:9000[\t60\tPASS\tSVTYPE=BND;MATEID=gone\tPR:SR\t30,0:30,0\t40,6:40,7\n"
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        var outputs: [[String]] = []
        for folder in ["first/deeper", "second"] {
            let folderURL = dir.appendingPathComponent(folder)
            try FileManager.default.createDirectory(at: folderURL, withIntermediateDirectories: true)
            let input = folderURL.appendingPathComponent("P001-copy.vcf")
            try text.write(to: input, atomically: true, encoding: .utf8)
            let out = dir.appendingPathComponent("out-\(outputs.count)")
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            let report = try RenderedReport.make(input.path, sample: "P001", language: language, in: out, name: "report")
            let json = try String(contentsOf: out.appendingPathComponent("report.json"), encoding: .utf8)
            for output in [report.html, report.markdown, json] { #expect(!output.contains(dir.path), "a path of the input in the report") }
            let warning = try #require(report.document.warnings.first { $0.contains("lonely") }, "\(report.document.warnings)")
            #expect(warning.hasPrefix("P001-copy.vcf:\(line): "), "\(warning)")
            #expect(warning.contains(language == "en" ? "breakend lonely names mate gone, which is not in the file" : "ブレークエンドlonelyはメイトgoneを指定していますが"))
            // The command line names the file as it was given.
            #expect(report.run.stderr.contains("\(input.path):\(line): breakend lonely"), "\(report.run.stderr)")
            outputs.append([report.html, report.markdown, json])
        }
        #expect(outputs[0] == outputs[1], "the report depends on where its input lies")
    }
}

extension ReportCohortTests {
    /// The cohort index and the patients' reports name inputs by file name too (a failing patient's error keeps its
    /// line); the command line's list of failures keeps the path as the manifest gave it.
    @Test func cohortNamesInputsByFileName() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let inputs = dir.appendingPathComponent("inputs/nested")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        let broken = inputs.appendingPathComponent("broken.vcf")
        let header = try String(contentsOfFile: Fixtures.sample("P001-lung-KIF5B-RET.vcf"), encoding: .utf8).split(separator: "\n").filter { $0.hasPrefix("#") }
        try (header.joined(separator: "\n") + "\nchr1\tnot-a-position\tx\tN\t<DEL>\t.\tPASS\tSVTYPE=DEL;END=5000\tPR:SR\t0,0:0,0\t1,1:1,1\n")
            .write(to: broken, atomically: true, encoding: .utf8)
        let copy = inputs.appendingPathComponent("P003-copy.vcf")
        try FileManager.default.copyItem(atPath: Fixtures.sample("P003-prostate-TMPRSS2-ERG.vcf"), toPath: copy.path)
        let manifest = dir.appendingPathComponent("cohort.tsv")
        try "sample\tpath\ttumor_type\nP3\t\(copy.path)\tProstate adenocarcinoma\nBAD\t\(broken.path)\tunknown\n".write(to: manifest, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        let run = try CLI.run(["cohort", manifest.path, "-o", out.path, "--jobs", "1"], environment: ReportPage.epoch)
        #expect(run.stderr.contains("BAD (manifest line 3): \(broken.path):\(header.count + 1): "), "\(run.stderr)")
        let index = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(ReportPage.decode(index).contains("BAD (manifest line 3): broken.vcf:\(header.count + 1): "), "the index names the failing input by its name")
        let patient = try String(contentsOf: out.appendingPathComponent("P3.html"), encoding: .utf8)
        for page in [index, patient] { #expect(!page.contains(inputs.path), "an input path in the cohort's pages") }
        #expect(patient.contains("P003-copy.vcf"))
    }
}
