import ArgumentParser
import Foundation
import FusionBoardCore

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explain one fusion: its annotation (transcripts, exons, frame, domains) and its evidence with sources.",
        discussion: """
            STRAND in --breakpoints is the gene's strand, as STAR-Fusion and Arriba write it: the 5′ gene keeps the \
            sequence upstream of its breakpoint, the 3′ gene the sequence downstream. Without --breakpoints the pair \
            is explained at gene level.
            """)

    @Argument(help: "The fusion, 5′ gene first: GENE5::GENE3 (also GENE5--GENE3).")
    var fusion: String

    @Option(help: "Breakpoints CHR:POS:STRAND,CHR:POS:STRAND (5′ gene's first; STRAND = the gene's strand).")
    var breakpoints: String?

    @Option(help: "Genome build of the breakpoints: GRCh37 or GRCh38.")
    var build: String = "GRCh38"

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @Flag(help: "Score as if the pair had never been reported (no known-fusion evidence).")
    var deNovo = false

    @Option(help: "Tumour type, for matching therapy evidence to its indication.")
    var tumorType: String?

    @OptionGroup var explanationOptions: ExplanationArguments

    @OptionGroup var kb: KnowledgeBaseOptions

    func validate() throws {
        if GenomeBuild(parsing: build) == nil { throw ValidationError("--build '\(build)' is not GRCh37 or GRCh38") }
        if Self.genes(fusion) == nil { throw ValidationError("'\(fusion)' is not GENE5::GENE3") }
    }

    static func genes(_ text: String) -> (String, String)? {
        for separator in ["::", "--", "(::)"] {
            let parts = text.components(separatedBy: separator)
            if parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty { return (parts[0], parts[1]) }
        }
        return nil
    }

    func run() throws {
        try withContractExitCodes {
            let base = try kb.open()
            guard let (g5, g3) = Self.genes(fusion), let genomeBuild = GenomeBuild(parsing: build) else { throw ExitCode(1) }
            let points = try breakpoints.map { text in
                try text.split(separator: ",").map { try GeneBreakpoint(parsing: String($0).trimmingCharacters(in: .whitespaces)) }
            }
            let explanation = try FusionExplainer(knowledgeBase: base).explain(gene5: g5, gene3: g3, breakpoints: points, build: genomeBuild)
            // With a fusion transcript: the driver score, the mechanism, the summary and the therapy evidence.
            var board: BoardExplanation?
            var score: DriverScore?
            if let fusion = explanation.fusion {
                score = try ModelDriverScorer(knowledgeBase: base, deNovo: deNovo).score(fusion, evidence: explanation.evidence, deNovo: deNovo)
                board = Explainer(knowledgeBase: base, options: explanationOptions.options())
                    .explain(fusion: fusion, evidence: explanation.evidence, score: score, deNovo: deNovo, tumourType: tumorType)
            }
            if json {
                try StandardOutput.write(try jsonText(ExplainOutput(annotation: explanation, score: score, explanation: board)))
                return
            }
            var text = ExplanationText.render(explanation)
            if let fusion = explanation.fusion, let board {
                text += "\n" + Explanation.render(fusion: fusion, score: score, explanation: board)
            }
            try StandardOutput.write(text.hasSuffix("\n") ? text : text + "\n")
        }
    }
}

/// The JSON form of `fusionboard explain`: annotation and evidence, score, mechanism and summary.
/// The annotation's fields stay at the top level (as before the score was added); `score` and
/// `explanation` sit beside them.
struct ExplainOutput: Encodable {
    var annotation: FusionExplanation
    var score: DriverScore?
    var explanation: BoardExplanation?

    enum CodingKeys: String, CodingKey { case score, explanation }

    func encode(to encoder: Encoder) throws {
        try annotation.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(score, forKey: .score)
        try container.encodeIfPresent(explanation, forKey: .explanation)
    }
}

/// The text form of `fusionboard explain`. One section per function; add a section by adding a function
/// and calling it from `render`.
enum ExplanationText {
    static func render(_ e: FusionExplanation) -> String {
        var out = ""
        out += header(e)
        out += notes(e)
        out += annotation(e)
        out += domains(e)
        out += evidence(e)
        out += sources(e)
        return out
    }

    static func header(_ e: FusionExplanation) -> String {
        var s = "\(e.gene5)::\(e.gene3)"
        if e.requested != "\(e.gene5)::\(e.gene3)" { s += "  (asked: \(e.requested))" }
        s += "\n"
        if !e.breakpoints.isEmpty {
            s += "breakpoints (\(e.build.rawValue)): \(e.breakpoints.map(\.description).joined(separator: " → "))\n"
            if e.build != .grch38 { s += "breakpoints (GRCh38): \(e.breakpointsGRCh38.map(\.description).joined(separator: " → "))\n" }
        }
        return s
    }

    static func notes(_ e: FusionExplanation) -> String {
        e.notes.isEmpty ? "" : e.notes.map { "note: \($0)\n" }.joined()
    }

    static func annotation(_ e: FusionExplanation) -> String {
        guard let f = e.fusion else {
            guard let j = e.junction else { return "" }
            var s = "\nbreakends:\n"
            s += "  5′ side: \(j.annotation1.regionSummary)\n"
            s += "  3′ side: \(j.annotation2?.regionSummary ?? "-")\n"
            if let note = j.note { s += "  \(note)\n" }
            return s
        }
        var s = "\nfusion transcript:\n"
        for (p, label) in [(f.fivePrime, "5′"), (f.threePrime, "3′")] {
            let exons = p.keptExons.map { "exons \($0.lowerBound)–\($0.upperBound) of \(p.transcript.exonCount)" } ?? "no exons"
            s += "  \(label) \(p.gene) \(p.transcript.accession) (\(p.transcript.strand.rawValue) strand): breakpoint in \(p.location.label); keeps \(exons)"
            s += "; \(p.codingBasesKept) of \(p.transcript.cdsLength) coding bases; 5′UTR kept \(p.utr5Kept)/lost \(p.utr5Lost), 3′UTR kept \(p.utr3Kept)/lost \(p.utr3Lost)\n"
            if !p.alternativeTranscripts.isEmpty { s += "     other transcripts: \(p.alternativeTranscripts.joined(separator: ", "))\n" }
        }
        s += "  junction: \(f.fivePrime.gene) exon \(f.fivePrime.keptExons?.upperBound ?? 0) → \(f.threePrime.gene) exon \(f.threePrime.keptExons?.lowerBound ?? 0)\n"
        s += "  reading frame: \(f.frame.rawValue)\(f.proteinLength.map { "; fusion protein \($0) aa" } ?? "")\n"
        s += "  transcript choice: \(f.displayChoice)\n"
        let others = f.transcriptPairs.dropFirst().prefix(8)
        if !others.isEmpty {
            s += "  other transcript pairs: " + others.map { "\($0.transcript5) e\($0.lastExon5)→\($0.transcript3) e\($0.firstExon3) \($0.frame.rawValue)" }.joined(separator: "; ")
            s += f.pairCount > 9 ? " … (\(f.pairCount) pairs)\n" : "\n"
        }
        if f.adjacentSameStrand { s += "  adjacent same-strand genes: read-through-like\n" }
        return s
    }

    static func domains(_ e: FusionExplanation) -> String {
        guard let f = e.fusion else { return "" }
        var s = "\nprotein domains:\n"
        for p in [f.fivePrime, f.threePrime] {
            if p.domains.isEmpty {
                s += "  \(p.gene): none annotated\(e.knowledgeBase.missingCategories.contains("domains") ? " (domain source absent)" : "")\n"
                continue
            }
            for d in p.domains {
                s += "  \(p.gene) \(d.domain.name) \(d.domain.aaStart)–\(d.domain.aaEnd): \(d.fate.rawValue) (\(Int((d.fractionKept * 100).rounded()))% kept)"
                s += "\(d.domain.description.map { " — \($0.prefix(70))" } ?? "")\n"
            }
        }
        return s
    }

    static func evidence(_ e: FusionExplanation) -> String {
        var s = "\nevidence\(e.evidence.geneLevelOnly ? " (gene level)" : ""):\n"
        var group = ""
        for item in e.evidence.items {
            if item.group != group {
                group = item.group
                s += "  [\(group)]\n"
            }
            s += "    \(item.key) = \(item.value == .unknown ? item.absence ?? item.value.description : item.value.description)  — \(item.label)"
            if item.knownFusion { s += " [known-fusion evidence]" }
            s += "\n"
            if let detail = item.detail { s += "        \(detail)\n" }
            if !item.sources.isEmpty { s += "        source: \(item.sources.joined(separator: ", "))\n" }
            if !item.pmids.isEmpty { s += "        PMIDs: \(item.pmids.prefix(10).map(String.init).joined(separator: ", "))\(item.pmids.count > 10 ? " …" : "")\n" }
        }
        return s
    }

    static func sources(_ e: FusionExplanation) -> String {
        var s = "\nknowledge base \(e.knowledgeBase.buildID) (\(e.knowledgeBase.profile))\n"
        if !e.knowledgeBase.missingCategories.isEmpty {
            s += "unavailable (source absent): \(e.knowledgeBase.missingCategories.joined(separator: ", "))\n"
        }
        return s
    }
}
