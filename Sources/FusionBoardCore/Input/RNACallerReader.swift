import Foundation

/// Reads the outputs of four RNA fusion callers that are neither Arriba, STAR-Fusion nor a fusion table whose columns
/// name the 5′ and 3′ sides (docs/INPUTS.md, "RNA callers' own formats"):
///
/// - **deFuse** `results.tsv` / `results.filtered.tsv` / `results.classify.tsv` (columns by header name).
///   `genomic_break_pos1/2` are 1-based; `genomic_strand1/2` is, per deFuse's README, the strand on which the
///   retained sequence lies upstream of the breakpoint, so `+` keeps the left piece and `-` the right.
///   `gene_name1/2` are in no 5′/3′ order: a gene whose `gene_strand` equals its side's `genomic_strand` is
///   transcribed into the junction (5′), one whose strand differs is transcribed out of it (3′). When the two named
///   genes do not make one 5′ and one 3′ partner (an antisense gene named at a side), their names are not used
///   and the partners come from the gene model, with a warning. Support: `splitr_count` split reads,
///   `span_count` spanning pairs; ID `cluster_id`.
/// - **InFusion** `fusions.txt` (`#id ref1 break_pos1 region1 ref2 break_pos2 region2 num_span num_paired
///   genes_1 genes_2 fusion_class`): 1-based; each side's kept piece is the side of the break its `region`
///   (the span the supporting reads cover) mostly lies on; `genes_1/2` are in no documented 5′/3′ order, so
///   the names are hints in either order. Support: `num_span` split reads, `num_paired` spanning pairs; ID `#id`.
/// - **TopHat-Fusion** `result.txt` (no header: sample, left gene, chromosome, coordinate, right gene,
///   chromosome, coordinate, spanning reads, spanning pairs, pairs with one end spanning the fusion, score):
///   0-based coordinates (read as +1), the left gene 5′, no strands (kept sides from the named genes); the sample
///   column names the call set's sample (several need `--tumor-sample`).
/// - **FusionHunter** `FusionHunter.fusion` report: a `# Fusion:` (or `# Readthrough:`) line
///   `chrA:b-e+chrB:b-e[oA oB](n)` opens a candidate, one `-> read …` line per junction-spanning read with its
///   `chr:start-end` placements and `GENE x GENE`, `----------------` between groups of reads with different
///   junctions, and `# Total # of Junction Spanning Reads: N` closing it. Each group is one call: 1-based; the
///   junction is where the read's two parts meet in the candidate's concatenated orientation (region A read
///   on `oA`, then B on `oB`), so an A piece read forward keeps the left piece; the genes are in no 5′/3′
///   order (FusionHunter reads are unstranded). Split reads = the group's reads; ID `R28.2` (candidate, group).
struct RNACallerReader {
    let path: String
    let options: InputOptions
    /// `.defuse`, `.infusion`, `.tophatFusion` or `.fusionHunter`.
    let format: InputFormat

    /// One call before placement on GRCh38: breakpoint 1 carries gene 1.
    struct Call {
        var line: Int
        var id: String
        var chromosome1: String, position1: Int, side1: KeptSide?
        var chromosome2: String, position2: Int, side2: KeptSide?
        var gene1: String?, gene2: String?
        /// true: breakpoint 1 is the 5′ side; false: breakpoint 2 is; nil: unknown (names are hints in either order).
        var firstIs5: Bool?
        var support: CallerSupport
        /// The sample the call is from, where the file says (TopHat-Fusion's first column).
        var sample: String? = nil
    }

    // MARK: Detection

    /// deFuse's header (normalised names): its split-read sequence and genomic break positions.
    static func isDeFuse(_ names: Set<String>) -> Bool {
        names.contains("splitrsequence") && names.contains("genomicbreakpos1") && names.contains("genomicbreakpos2")
    }

    /// InFusion's header (normalised names): its break positions and gene lists (the reader names any other column
    /// it needs that is missing).
    static func isInFusion(_ names: Set<String>) -> Bool {
        ["breakpos1", "breakpos2", "genes1", "genes2"].allSatisfy(names.contains)
    }

    /// FusionHunter's report opens with a `# Fusion:` or `# Readthrough:` line.
    static func isFusionHunter(_ firstLine: Substring) -> Bool {
        firstLine.hasPrefix("# Fusion: ") || firstLine.hasPrefix("# Readthrough: ")
    }

    /// A TopHat-Fusion `result.txt` row: 11 tab-separated fields (10 without the score), chromosomes in fields 3 and
    /// 6, whole numbers in fields 4, 7, 8, 9 and 10.
    static func looksLikeTopHatFusion(_ line: Substring) -> Bool {
        let f = line.split(separator: "\t", omittingEmptySubsequences: false)
        guard f.count == 10 || f.count == 11 else { return false }
        guard Chromosome.canonical(String(f[2])) != nil || f[2].hasPrefix("chr"), Chromosome.canonical(String(f[5])) != nil || f[5].hasPrefix("chr") else {
            return false
        }
        return [3, 6, 7, 8, 9].allSatisfy { Int(f[$0]) != nil } && Int(f[1]) == nil && Int(f[4]) == nil
    }

    // MARK: Reading

    func read() throws -> CallSet {
        var recordsRead = 0
        var warnings: [InputWarning] = []
        let calls: [Call]
        switch format {
        case .defuse: calls = try readDeFuse(&recordsRead, &warnings)
        case .infusion: calls = try readInFusion(&recordsRead, &warnings)
        case .tophatFusion: calls = try readTopHatFusion(&recordsRead, &warnings)
        case .fusionHunter: calls = try readFusionHunter(&recordsRead)
        default: throw InputError(file: path, line: nil, "\(format.rawValue) is not an RNA caller format this reader knows")
        }
        // One patient per call set: a file of several samples (tophat-fusion-post over several runs) needs --tumor-sample.
        let sample = try options.chooseSample(among: calls.compactMap(\.sample), file: path)
        let (build, evidence) = try BuildClues().resolve(asserted: options.build, file: path, warnings: &warnings)
        var builder = try CallSetBuilder(path: path, build: build, options: options, warnings: warnings, recordsRead: recordsRead)
        for call in calls {
            if let sample, let own = call.sample, own != sample {
                builder.statistics.filteredOut += 1
                continue
            }
            guard let (c1, c2) = builder.canonicalChromosomes(call.chromosome1, call.chromosome2) else { continue }
            guard
                let b1 = builder.breakend(
                    id: call.id, chromosome: c1, position: call.position1, side: call.side1, line: call.line, spelling: call.chromosome1),
                let b2 = builder.breakend(
                    id: call.id, chromosome: c2, position: call.position2, side: call.side2, line: call.line, spelling: call.chromosome2)
            else {
                builder.statistics.liftoverFailures += 1
                continue
            }
            // The 5′ side first when it is known; else the file's order, with the names as hints in either order.
            let swap = call.firstIs5 == false
            let (a, b) = swap ? (b2, b1) : (b1, b2)
            let (g5, g3) = swap ? (call.gene2, call.gene1) : (call.gene1, call.gene2)
            builder.addEvent(
                recordIDs: [call.id], svType: .rnaFusion, first: a, second: b, junctions: [(a, b)], line: call.line, filter: ".",
                support: call.support, namedGene5: g5, namedGene3: g3, namedGenesInEitherOrder: call.firstIs5 == nil && (g5 != nil || g3 != nil))
        }
        return try builder.finish(format: format, sample: sample, build: build, evidence: evidence)
    }

    /// "an" before a name read with a vowel first (an InFusion …), else "a".
    static func article(_ format: InputFormat) -> String {
        name(format).first.map { "AEIOUaeiou".contains($0) } == true ? "an" : "a"
    }

    static func name(_ format: InputFormat) -> String {
        switch format {
        case .defuse: "deFuse results.tsv"
        case .infusion: "InFusion fusions.txt"
        case .tophatFusion: "TopHat-Fusion result.txt"
        case .fusionHunter: "FusionHunter report"
        default: format.rawValue
        }
    }

    /// A 1-based position field, checked against ``InputLimits``; `offset` 1 for 0-based input.
    func position(_ text: Substring, column: String, line: Int, offset: Int = 0) throws -> Int {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let value = Int(trimmed)
        if let problem = InputLimits.positionProblem(value, text: trimmed, what: "\(column)") {
            throw InputError(file: path, line: line, problem)
        }
        let position = value! + offset
        guard position >= 1 else {
            throw InputError(file: path, line: line, "\(column) \(trimmed) is not a position; expected a whole number ≥ \(1 - offset)")
        }
        return position
    }

    /// A read count field (empty, `.`, `NA` = unknown), checked against ``InputLimits``.
    func count(_ text: Substring?, column: String, line: Int) throws -> Int? {
        do throws(VCFSyntaxError) { return try FusionText.count(text, column: column) } catch { throw InputError(file: path, line: line, error.message) }
    }

    /// A chromosome field: non-empty.
    func chromosome(_ text: Substring, column: String, line: Int) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw InputError(file: path, line: line, "the \(column) column is empty; expected a chromosome such as 1 or chr1") }
        return trimmed
    }

    /// Reads a tab-separated table with a header (columns by name), requiring `required` (normalised names).
    /// A row that repeats an earlier one exactly is read as written, with one warning (appended to `warnings`).
    func readTable(
        _ required: [(key: String, shown: String)], warnings: inout [InputWarning],
        _ row: (_ field: (String) throws -> Substring, _ optional: (String) -> Substring?, _ line: Int) throws -> Void
    ) throws {
        var columns: [String: Int] = [:]
        var repeated = RepeatedRows()
        let header = try HeaderedTable.read(path) { table, fields, number in
            repeated.note(fields, line: number)
            if columns.isEmpty {
                let missing = required.filter { table.column([$0.key]) == nil }
                guard missing.isEmpty else {
                    throw InputError(
                        file: path, line: table.headerLine,
                        "\(Self.article(format)) \(Self.name(format)) header needs the column\(missing.count > 1 ? "s" : "") \(missing.map(\.shown).joined(separator: ", ")), which \(missing.count > 1 ? "are" : "is") missing; restore the header")
                }
                for (key, _) in required { columns[key] = table.column([key]) }
                for (key, value) in table.index where columns[key] == nil { columns[key] = value }
            }
            func field(_ key: String) throws -> Substring {
                let i = columns[key]!
                guard i < fields.count else {
                    throw InputError(
                        file: path, line: number,
                        "\(fields.count) tab-separated columns, but the '\(table.names[i])' column is number \(i + 1); the line is truncated or not tab-separated like the header")
                }
                return fields[i]
            }
            func optional(_ key: String) -> Substring? {
                guard let i = columns[key], i < fields.count else { return nil }
                return fields[i]
            }
            try row(field, optional, number)
        }
        if let header, columns.isEmpty {
            let names = Set(header.names.map { HeaderedTable.normalise($0) })
            let missing = required.filter { !names.contains($0.key) }
            if !missing.isEmpty {
                throw InputError(file: path, line: header.headerLine, "\(Self.article(format)) \(Self.name(format)) header needs the column\(missing.count > 1 ? "s" : "") \(missing.map(\.shown).joined(separator: ", ")), which \(missing.count > 1 ? "are" : "is") missing; restore the header")
            }
        }
        guard header != nil else { throw InputError(file: path, line: nil, "the file is empty; expected \(Self.name(format)) output with its header") }
        if let warning = repeated.warning(path) { warnings.append(warning) }
    }

    // MARK: deFuse

    func readDeFuse(_ recordsRead: inout Int, _ warnings: inout [InputWarning]) throws -> [Call] {
        let required: [(String, String)] = [
            ("clusterid", "cluster_id"), ("genename1", "gene_name1"), ("genename2", "gene_name2"), ("genechromosome1", "gene_chromosome1"),
            ("genechromosome2", "gene_chromosome2"), ("genomicbreakpos1", "genomic_break_pos1"), ("genomicbreakpos2", "genomic_break_pos2"),
            ("genomicstrand1", "genomic_strand1"), ("genomicstrand2", "genomic_strand2"), ("genestrand1", "gene_strand1"),
            ("genestrand2", "gene_strand2"), ("splitrcount", "splitr_count"), ("spancount", "span_count"),
        ]
        var calls: [Call] = []
        var unpaired: [(line: Int, text: String)] = []
        var count = 0
        try readTable(required.map { (key: $0.0, shown: $0.1) }, warnings: &warnings) { field, _, line in
            count += 1
            func strand(_ key: String, _ shown: String) throws -> UInt8 {
                let text = try field(key).trimmingCharacters(in: .whitespaces)
                guard text == "+" || text == "-" else {
                    throw InputError(file: path, line: line, "\(shown) '\(text.prefix(20))' is not a strand; deFuse writes + or -")
                }
                return text.utf8.first!
            }
            let genomic1 = try strand("genomicstrand1", "genomic_strand1"), genomic2 = try strand("genomicstrand2", "genomic_strand2")
            let gene1Strand = try strand("genestrand1", "gene_strand1"), gene2Strand = try strand("genestrand2", "gene_strand2")
            let id = try field("clusterid").trimmingCharacters(in: .whitespaces)
            guard !id.isEmpty else { throw InputError(file: path, line: line, "cluster_id is empty; deFuse numbers every prediction") }
            var call = Call(
                line: line, id: id,
                chromosome1: try chromosome(try field("genechromosome1"), column: "gene_chromosome1", line: line),
                position1: try position(try field("genomicbreakpos1"), column: "genomic_break_pos1", line: line),
                side1: genomic1 == UInt8(ascii: "+") ? .left : .right,
                chromosome2: try chromosome(try field("genechromosome2"), column: "gene_chromosome2", line: line),
                position2: try position(try field("genomicbreakpos2"), column: "genomic_break_pos2", line: line),
                side2: genomic2 == UInt8(ascii: "+") ? .left : .right,
                gene1: FusionText.symbol(try field("genename1")), gene2: FusionText.symbol(try field("genename2")), firstIs5: nil,
                support: CallerSupport(
                    splitReads: try self.count(try field("splitrcount"), column: "splitr_count", line: line),
                    spanningPairs: try self.count(try field("spancount"), column: "span_count", line: line)))
            // A gene transcribed on its side's genomic strand runs into the junction (5′); the other way, out of it (3′).
            let fivePrime1 = gene1Strand == genomic1, fivePrime2 = gene2Strand == genomic2
            if fivePrime1 != fivePrime2 {
                call.firstIs5 = fivePrime1
            } else {
                unpaired.append((line, "\(call.gene1 ?? "?") (\(Character(Unicode.Scalar(gene1Strand)))) and \(call.gene2 ?? "?") (\(Character(Unicode.Scalar(gene2Strand))))"))
                call.gene1 = nil
                call.gene2 = nil
            }
            calls.append(call)
        }
        recordsRead = count
        if let first = unpaired.first {
            let lines = unpaired.prefix(5).map { String($0.line) }.joined(separator: ", ") + (unpaired.count > 5 ? ", …" : "")
            warnings.append(
                InputWarning(
                    file: path, line: first.line,
                    "\(unpaired.count == 1 ? "a row names genes" : "\(unpaired.count) rows name genes") that are not one 5′ and one 3′ partner of its junction (line \(lines); e.g. \(first.text): both transcribed into or both out of the junction, so one is antisense); their names are not used and the partners come from the gene model",
                    japanese: "\(unpaired.count)行で、記載された遺伝子がジャンクションの5′側と3′側の組になっていません（\(lines)行目。例: \(first.text)。両方がジャンクションに向かって、または両方が離れる方向に転写され、一方はアンチセンスです）。これらの遺伝子名は使わず、パートナーは遺伝子モデルから求めました"))
        }
        return calls
    }

    // MARK: InFusion

    /// `[40627054,40627312]` → the kept side: the side of `position` the region mostly lies on; nil when balanced.
    func regionSide(_ text: Substring, position: Int, column: String, line: Int) throws -> KeptSide? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let inner = trimmed.hasPrefix("[") && trimmed.hasSuffix("]") ? trimmed.dropFirst().dropLast() : Substring("")
        let parts = inner.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2, let low = Int(parts[0].trimmingCharacters(in: .whitespaces)), let high = Int(parts[1].trimmingCharacters(in: .whitespaces)),
            low >= 0, high >= low, high <= InputLimits.maximumPosition
        else {
            throw InputError(file: path, line: line, "\(column) '\(trimmed.prefix(40))' is not a region; InFusion writes [start,end] with start ≤ end")
        }
        let left = position - low, right = high - position
        if left == right { return nil }
        return left > right ? .left : .right
    }

    func readInFusion(_ recordsRead: inout Int, _ warnings: inout [InputWarning]) throws -> [Call] {
        let required: [(String, String)] = [
            ("id", "#id"), ("ref1", "ref1"), ("breakpos1", "break_pos1"), ("region1", "region1"), ("ref2", "ref2"), ("breakpos2", "break_pos2"),
            ("region2", "region2"), ("numspan", "num_span"), ("numpaired", "num_paired"), ("genes1", "genes_1"), ("genes2", "genes_2"),
        ]
        var calls: [Call] = []
        var count = 0
        try readTable(required.map { (key: $0.0, shown: $0.1) }, warnings: &warnings) { field, _, line in
            count += 1
            let id = try field("id").trimmingCharacters(in: .whitespaces)
            guard !id.isEmpty else { throw InputError(file: path, line: line, "#id is empty; InFusion numbers every fusion") }
            let p1 = try position(try field("breakpos1"), column: "break_pos1", line: line)
            let p2 = try position(try field("breakpos2"), column: "break_pos2", line: line)
            calls.append(
                Call(
                    line: line, id: id, chromosome1: try chromosome(try field("ref1"), column: "ref1", line: line), position1: p1,
                    side1: try regionSide(try field("region1"), position: p1, column: "region1", line: line),
                    chromosome2: try chromosome(try field("ref2"), column: "ref2", line: line), position2: p2,
                    side2: try regionSide(try field("region2"), position: p2, column: "region2", line: line),
                    gene1: FusionText.symbol(try field("genes1")), gene2: FusionText.symbol(try field("genes2")), firstIs5: nil,
                    support: CallerSupport(
                        splitReads: try self.count(try field("numspan"), column: "num_span", line: line),
                        spanningPairs: try self.count(try field("numpaired"), column: "num_paired", line: line))))
        }
        recordsRead = count
        return calls
    }

    // MARK: TopHat-Fusion

    func readTopHatFusion(_ recordsRead: inout Int, _ warnings: inout [InputWarning]) throws -> [Call] {
        var calls: [Call] = []
        var repeated = RepeatedRows()
        var count = 0
        let fileName = URL(fileURLWithPath: path).lastPathComponent
        try LineReader(path: path).forEachLine { bytes, line in
            if bytes.isEmpty || bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return }
            let text = String(decoding: bytes, as: UTF8.self)
            if text.hasPrefix("#") { return }
            count += 1
            let f = text.split(separator: "\t", omittingEmptySubsequences: false)
            repeated.note(f, line: line)
            guard f.count >= 10 else {
                throw InputError(
                    file: path, line: line,
                    "\(f.count) tab-separated columns; a TopHat-Fusion result.txt row has 11 (sample, gene, chromosome, coordinate on the left and on the right, spanning reads, spanning pairs, pairs spanning the fusion, score) — the line is truncated")
            }
            calls.append(
                Call(
                    line: line, id: "\(fileName):\(line)",
                    chromosome1: try chromosome(f[2], column: "left chromosome (column 3)", line: line),
                    position1: try position(f[3], column: "left coordinate (column 4)", line: line, offset: 1), side1: nil,
                    chromosome2: try chromosome(f[5], column: "right chromosome (column 6)", line: line),
                    position2: try position(f[6], column: "right coordinate (column 7)", line: line, offset: 1), side2: nil,
                    gene1: FusionText.symbol(f[1]), gene2: FusionText.symbol(f[4]), firstIs5: true,
                    support: CallerSupport(
                        splitReads: try self.count(f[7], column: "spanning reads (column 8)", line: line),
                        spanningPairs: try self.count(f[8], column: "spanning pairs (column 9)", line: line)),
                    sample: f[0].isEmpty ? nil : String(f[0])))
        }
        if let warning = repeated.warning(path) { warnings.append(warning) }
        recordsRead = count
        return calls
    }

    // MARK: FusionHunter

    func readFusionHunter(_ recordsRead: inout Int) throws -> [Call] {
        struct Candidate {
            var line: Int, name: String
            var chromosomeA: String, chromosomeB: String
            var forwardA: Bool, forwardB: Bool
        }
        struct Group {
            var line: Int
            var junctionA: Int, junctionB: Int
            var geneA: String?, geneB: String?
            var reads = 0
        }
        var calls: [Call] = []
        var candidate: Candidate?
        var groups: [Group] = []
        var groupOpen = false
        func close(at line: Int) {
            guard let c = candidate else { return }
            for (k, g) in groups.enumerated() {
                calls.append(
                    Call(
                        line: g.line, id: "\(c.name).\(k + 1)", chromosome1: c.chromosomeA, position1: g.junctionA, side1: c.forwardA ? .left : .right,
                        chromosome2: c.chromosomeB, position2: g.junctionB, side2: c.forwardB ? .right : .left, gene1: g.geneA, gene2: g.geneB, firstIs5: nil,
                        support: CallerSupport(splitReads: g.reads, spanningPairs: nil)))
            }
            candidate = nil
            groups = []
            groupOpen = false
        }
        /// `chr1:40310284-40310312` → chromosome, start, end.
        func placement(_ text: Substring, line: Int, what: String) throws -> (String, Int, Int) {
            guard let colon = text.lastIndex(of: ":"), let dash = text[colon...].firstIndex(of: "-") else {
                throw InputError(file: path, line: line, "\(what) '\(text.prefix(40))' is not chr:start-end")
            }
            let chromosome = String(text[..<colon])
            guard !chromosome.isEmpty else { throw InputError(file: path, line: line, "\(what) '\(text.prefix(40))' has no chromosome") }
            let start = try position(text[text.index(after: colon)..<dash], column: "\(what) start", line: line)
            let end = try position(text[text.index(after: dash)...], column: "\(what) end", line: line)
            guard start <= end else { throw InputError(file: path, line: line, "\(what) '\(text.prefix(40))' ends before it starts") }
            return (chromosome, start, end)
        }
        var lastLine = 0
        try LineReader(path: path).forEachLine { bytes, line in
            lastLine = line
            if bytes.isEmpty || bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return }
            let text = Substring(String(decoding: bytes, as: UTF8.self))
            if Self.isFusionHunter(text) {
                if let open = candidate {
                    throw InputError(
                        file: path, line: line,
                        "a new candidate starts before the one on line \(open.line) ended with '# Total # of Junction Spanning Reads'; the report is cut or two reports were joined")
                }
                // # Fusion: DIR chrA:b-e+chrB:b-e[oo](n)
                let words = text.split(separator: " ", omittingEmptySubsequences: true)
                guard words.count >= 4 else {
                    throw InputError(file: path, line: line, "the candidate line has no 'chrA:start-end+chrB:start-end[++](n)' regions; the line is cut")
                }
                let spec = words[3]
                guard let bracket = spec.firstIndex(of: "["), spec.distance(from: bracket, to: spec.endIndex) >= 4,
                    let plus = spec[..<bracket].firstIndex(where: { $0 == "+" })
                else {
                    throw InputError(file: path, line: line, "regions '\(spec.prefix(80))' are not chrA:start-end+chrB:start-end[oo](n) (FusionHunter)")
                }
                let a = try placement(spec[..<plus], line: line, what: "region A")
                let b = try placement(spec[spec.index(after: plus)..<bracket], line: line, what: "region B")
                let oA = spec[spec.index(bracket, offsetBy: 1)], oB = spec[spec.index(bracket, offsetBy: 2)]
                guard "+-".contains(oA), "+-".contains(oB), spec[spec.index(bracket, offsetBy: 3)] == "]" else {
                    throw InputError(file: path, line: line, "orientations '\(spec[bracket...].prefix(10))' are not [++], [+-], [-+] or [--] (FusionHunter)")
                }
                let name = words[2].split(separator: "/").last.map(String.init) ?? String(words[2])
                candidate = Candidate(line: line, name: name, chromosomeA: a.0, chromosomeB: b.0, forwardA: oA == "+", forwardB: oB == "+")
                groupOpen = false
                return
            }
            if text.hasPrefix("# Total # of Junction Spanning Reads:") {
                guard let c = candidate else { throw InputError(file: path, line: line, "a total without a '# Fusion:' line before it; the report is cut") }
                let total = try count(text.split(separator: ":").last, column: "Total # of Junction Spanning Reads", line: line) ?? 0
                let reads = groups.reduce(0) { $0 + $1.reads }
                guard total == reads else {
                    throw InputError(
                        file: path, line: line,
                        "the total of \(total) junction-spanning reads disagrees with the \(reads) read lines of the candidate on line \(c.line); the report is cut or edited")
                }
                close(at: line)
                return
            }
            if text.allSatisfy({ $0 == "-" }) && text.count >= 4 {
                guard candidate != nil else { throw InputError(file: path, line: line, "a group separator outside a candidate; the report is cut") }
                groupOpen = false
                return
            }
            if text.hasPrefix("->") {
                guard let c = candidate else { throw InputError(file: path, line: line, "a read line without a '# Fusion:' line before it; the report is cut") }
                // -> READ SEQ_A SEQ_B chrA:s-t chrB:s-t GENE_A x GENE_B<TAB>known x known
                let main = text.split(separator: "\t", maxSplits: 1)[0]
                let words = main.split(separator: " ", omittingEmptySubsequences: true)
                guard let x = words.lastIndex(of: "x"), x >= 3, x + 1 < words.count else {
                    throw InputError(file: path, line: line, "the read line lacks 'chrA:start-end chrB:start-end GENE x GENE'; the line is cut")
                }
                let placedA = try placement(words[x - 3], line: line, what: "the read's A part")
                let placedB = try placement(words[x - 2], line: line, what: "the read's B part")
                guard placedA.0 == c.chromosomeA, placedB.0 == c.chromosomeB else {
                    throw InputError(
                        file: path, line: line,
                        "the read lies on \(placedA.0)/\(placedB.0), but its candidate (line \(c.line)) joins \(c.chromosomeA) and \(c.chromosomeB); the report is edited")
                }
                // Where the parts meet: the end of the A part read forward (its start read reversed), the start of the
                // B part read forward (its end read reversed).
                let junctionA = c.forwardA ? placedA.2 : placedA.1
                let junctionB = c.forwardB ? placedB.1 : placedB.2
                let geneA = FusionText.symbol(words[x - 1]), geneB = FusionText.symbol(words[x + 1])
                if groupOpen, var g = groups.last {
                    guard g.junctionA == junctionA && g.junctionB == junctionB else {
                        throw InputError(
                            file: path, line: line,
                            "the read's junction \(c.chromosomeA):\(junctionA)/\(c.chromosomeB):\(junctionB) differs from its group's (line \(g.line): \(g.junctionA)/\(g.junctionB)); FusionHunter separates groups with '----------------' — the report is edited")
                    }
                    g.reads += 1
                    groups[groups.count - 1] = g
                } else {
                    groups.append(Group(line: line, junctionA: junctionA, junctionB: junctionB, geneA: geneA, geneB: geneB, reads: 1))
                    groupOpen = true
                }
                return
            }
            throw InputError(
                file: path, line: line,
                "'\(text.prefix(60))' is not a FusionHunter report line ('# Fusion:', '-> read …', '----------------' or '# Total # of Junction Spanning Reads:')")
        }
        if let open = candidate {
            throw InputError(
                file: path, line: lastLine,
                "the candidate on line \(open.line) has no '# Total # of Junction Spanning Reads' line; the report is cut")
        }
        recordsRead = calls.count
        return calls
    }
}
