import Foundation

/// Reads one input file of any supported format into a ``CallSet``.
public enum InputReader {
    /// Reads `path`, detecting the format when `options.format` is `.auto`.
    public static func read(_ path: String, options: InputOptions) throws -> CallSet {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw InputError(file: path, line: nil, isDirectory.boolValue ? "is a folder; name the input file itself" : "no such file; check the path")
        }
        let format = options.format == .auto ? try detect(path) : options.format
        // The checksum (for the report's provenance) is computed on another core while the file is parsed.
        let digest = BackgroundDigest(path: path)
        var set: CallSet
        do {
            set = try read(path, format: format, options: options)
        } catch let past as PositionsPastGRCh38End {
            // No build named, and positions only GRCh37 has: GRCh37 (lifted), said in a warning and the provenance.
            var asGRCh37 = options
            asGRCh37.build = .grch37
            do {
                set = try read(path, format: format, options: asGRCh37)
            } catch let error as InputError {
                throw InputError(file: error.file, line: error.line, "\(error.message) (read as GRCh37 because \(past.description))")
            }
            set.buildEvidence = .positions
            set.warnings.insert(
                InputWarning(
                    file: path, line: past.line,
                    "the file does not name its build and \(past.description); read as GRCh37 (lifted to GRCh38) — pass --build to override",
                    japanese: "ファイルにビルドの記載がなく、\(past.descriptionJapanese)。GRCh37として読み、GRCh38へ座標変換しました — 変えるには --build を指定してください"),
                at: 0)
        }
        set.sha256 = try digest.wait()
        return set
    }

    private static func read(_ path: String, format: InputFormat, options: InputOptions) throws -> CallSet {
        switch format {
        case .vcf: try VCFReader(path: path, options: options).read()
        case .bedpe: try BEDPEReader(path: path, options: options).read()
        case .arriba: try ArribaReader(path: path, options: options).read()
        case .starFusion: try FusionTableReader(path: path, options: options, format: .starFusion).read()
        case .table: try FusionTableReader(path: path, options: options, format: .table).read()
        case .defuse, .infusion, .tophatFusion, .fusionHunter: try RNACallerReader(path: path, options: options, format: format).read()
        case .labelled: try LabelledReader(path: path, liftover: options.liftover).read()
        case .auto: throw InputError(file: path, line: nil, "could not detect the format; pass --format")
        }
    }

    /// Refuses a list of inputs that names one file twice (the same path, spelled alike or not, or a link to it):
    /// its calls would be counted twice.
    public static func requireDistinct(_ paths: [String]) throws {
        var seen: [String: Int] = [:]
        for (k, path) in paths.enumerated() {
            let keys = FileIdentity.sameFileKeys(path)
            if let first = keys.lazy.compactMap({ seen[$0] }).first {
                let same = paths[first] == path ? "" : " (as \(paths[first]))"
                throw InputError(
                    file: path, line: nil,
                    "is given twice as an input, as input \(first + 1)\(same) and input \(k + 1); its calls would be counted twice — name each file once")
            }
            for key in keys { seen[key] = k }
        }
    }

    /// Detects the format from the first lines (decompressed): VCF, Arriba, STAR-Fusion, labelled evaluation
    /// table, generic fusion table, BEDPE — in that order.
    public static func detect(_ path: String) throws -> InputFormat {
        let head = try LineReader(path: path).head()
        if head.isEmpty {
            throw InputError(file: path, line: nil, "the file is empty; expected a VCF, BEDPE, Arriba, STAR-Fusion or fusion table")
        }
        if let nul = head.firstIndex(of: 0) {
            let line = head[..<nul].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
            throw InputError(file: path, line: line, "binary data (NUL bytes); expected a text VCF or table, plain or gzip-compressed")
        }
        if head.starts(with: Array("BAM\u{1}".utf8)) || head.starts(with: Array("BCF".utf8)) {
            throw InputError(
                file: path, line: 1, "this is a binary BAM/BCF file; convert BCF with `bcftools view -Ov` (FusionBoard reads text VCF, plain or gzip)")
        }
        if !head.contains(0x0A) && head.dropLast().contains(0x0D) { throw LineReader.carriageReturnsOnly(path) }
        // Lines split on the byte (a String would keep "\r\n" together as one character), CR removed.
        var numbered = head.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated().map { number, bytes -> (Int, Substring) in
            (number + 1, Substring(String(decoding: bytes.last == 0x0D ? bytes.dropLast() : bytes, as: UTF8.self)))
        }
        if head.count == 64 << 10, numbered.count > 1 { numbered.removeLast() }  // possibly cut
        numbered.removeAll { $0.1.isEmpty }
        let lines = numbered.map(\.1)
        guard let (firstLineNumber, firstLine) = numbered.first(where: { !$0.1.allSatisfy(\.isWhitespace) }) else {
            throw InputError(file: path, line: nil, "the file holds only blank lines; expected a VCF, BEDPE, Arriba, STAR-Fusion or fusion table")
        }
        if firstLine.hasPrefix("##fileformat=VCF") || firstLine.hasPrefix("#CHROM\tPOS") { return .vcf }
        if RNACallerReader.isFusionHunter(firstLine) { return .fusionHunter }
        // First header-like line: the first line, or the last of a block of '#' lines before the data.
        let headerLine = String(firstLine.drop { $0 == "#" })
        let headerNames = HeaderedTable.fields(headerLine, commaSeparated: HeaderedTable.isCommaSeparatedHeader(headerLine))
            .map { HeaderedTable.normalise(String($0)) }
        let names = Set(headerNames)
        if ArribaReader.isArriba(names) { return .arriba }
        if ArribaReader.isIncompleteArriba(names) {
            let missing = ArribaReader.required.filter { !names.contains($0) }
            throw InputError(
                file: path, line: firstLineNumber,
                "this looks like an Arriba fusions.tsv, but its header lacks the column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")); restore the header (Arriba writes #gene1 gene2 strand1(gene/fusion) … breakpoint1 breakpoint2 …)")
        }
        if FusionTableReader.isStarFusion(names) { return .starFusion }
        if let missing = FusionTableReader.missingStarFusionColumns(names) {
            throw InputError(
                file: path, line: firstLineNumber,
                "this looks like a STAR-Fusion table, but its header lacks the column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")); FusionBoard needs FusionName, LeftBreakpoint and RightBreakpoint — restore the header")
        }
        if RNACallerReader.isDeFuse(names) { return .defuse }
        if RNACallerReader.isInFusion(names) { return .infusion }
        if names.contains("fusionpair") && names.contains("label") && names.contains("chr5p") { return .labelled }
        if BEDPEReader.isBEDPEHeader(headerNames) { return .bedpe }
        if FusionTableReader.isGenericTable(names) { return .table }
        if let data = lines.first(where: { !$0.hasPrefix("#") && !$0.hasPrefix("track") && !$0.hasPrefix("browser") }),
            BEDPEReader.looksLikeBEDPE(data) || BEDPEReader.looksLikeArribaSV(data)
        {
            return .bedpe
        }
        if RNACallerReader.looksLikeTopHatFusion(firstLine) { return .tophatFusion }
        if firstLine.hasPrefix("##") || lines.contains(where: { $0.hasPrefix("#CHROM\t") }) {
            throw InputError(file: path, line: 1, "looks like a VCF but the first line is not '##fileformat=VCFv4.x'; add it or pass --format vcf")
        }
        let shown = firstLine.prefix(80).map { $0.isASCII && ($0.isLetter || $0.isNumber || $0.isPunctuation || $0 == " " || $0 == "\t" || $0.isSymbol) ? $0 : "?" }
        throw InputError(
            file: path, line: 1,
            "unrecognised format: the first line '\(String(shown).replacingOccurrences(of: "\t", with: "⇥"))' is not a VCF header, a BEDPE row, an Arriba/STAR-Fusion/deFuse/InFusion header, a TopHat-Fusion result.txt row, a FusionHunter report or a fusion table header (gene5 gene3 bp5 bp3); convert the file or pass --format vcf|bedpe|arriba|star-fusion|defuse|infusion|tophat-fusion|fusionhunter|table")
    }
}

/// SHA-256 of a file computed on a background thread.
final class BackgroundDigest: @unchecked Sendable {
    private let group = DispatchGroup()
    private var result: Result<String, Error> = .success("")

    init(path: String) {
        group.enter()
        DispatchQueue.global(qos: .userInitiated).async {
            let value = Result { try FileDigest.sha256(path: path) }
            self.result = value
            self.group.leave()
        }
    }

    func wait() throws -> String {
        group.wait()
        return try result.get()
    }
}
