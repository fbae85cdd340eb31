import Foundation

/// Reads one input file of any supported format into a ``CallSet``.
public enum InputReader {
    /// Reads `path`, detecting the format when `options.format` is `.auto`.
    public static func read(_ path: String, options: InputOptions) throws -> CallSet {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw InputError(file: path, line: nil, "no such file; check the path")
        }
        let format = options.format == .auto ? try detect(path) : options.format
        switch format {
        case .vcf: return try VCFReader(path: path, options: options).read()
        case .labelled: return try LabelledReader(path: path, liftover: options.liftover).read()
        case .auto: throw InputError(file: path, line: nil, "could not detect the format")
        default:
            throw InputError(file: path, line: nil, "the \(format.rawValue) format is not supported yet; convert it to VCF")
        }
    }

    /// Detects the format from the first lines.
    public static func detect(_ path: String) throws -> InputFormat {
        let head = try LineReader(path: path).head()
        if head.isEmpty { throw InputError(file: path, line: nil, "the file is empty; expected a VCF, BEDPE, Arriba, STAR-Fusion or fusion table") }
        if head.contains(0) {
            throw InputError(file: path, line: 1, "binary data (NUL bytes); expected a text VCF or table, plain or gzip-compressed")
        }
        let text = String(decoding: head, as: UTF8.self)
        let firstLine = text.prefix { $0 != "\n" }
        if firstLine.hasPrefix("##fileformat=VCF") || text.contains("\n#CHROM\tPOS") || firstLine.hasPrefix("#CHROM\tPOS") { return .vcf }
        if LabelledReader.looksLabelled(firstLine) { return .labelled }
        throw InputError(
            file: path, line: 1,
            "unrecognised format: the first line '\(firstLine.prefix(60))' is not a VCF header (##fileformat=VCF…); pass --format or convert the file")
    }
}
