/// Inline SVG drawn in Swift: the protein diagram of a fusion and the signed contribution bars.
///
/// Every label that comes from the knowledge base or an input is escaped with
/// ``ReportEscaping/html(_:)``; numbers are formatted here. The SVG is one line with no blank
/// line, so it stays inside the HTML block that holds it when cmark renders the Markdown.
public enum ReportGraphics {
    static let width = 760.0
    static let left = 150.0
    static let right = 20.0
    static var track: Double { width - left - right }

    /// Colours for domains, assigned in order of first appearance (stable for a given fusion).
    static let palette = ["#3b6fb6", "#d9822b", "#3f9c5a", "#b84a62", "#7b5ea7", "#2a9d9d", "#a0782c", "#c05a9c"]

    /// The protein diagram of both partners and the predicted fusion protein, as Arriba and
    /// AGFusion draw it: the part each partner keeps solid, the lost part faded, domains as boxes,
    /// the breakpoint as a red line.
    public static func proteinDiagram(_ f: FusionReport, domainsAvailable: Bool, labels: ReportLabels) -> String {
        let p5 = f.fivePrime, p3 = f.threePrime
        let len5 = max(p5.proteinLength, 0), len3 = max(p3.proteinLength, 0)
        let kept5 = p5.keptResidues, kept3 = p3.keptResidues
        let keptLength5 = kept5.map { $0.count } ?? 0
        let keptLength3 = f.frame == .outOfFrame ? 0 : (kept3.map { $0.count } ?? 0)
        let product = f.fusionProteinLength ?? (keptLength5 + keptLength3)
        let scaleMax = Double(max(len5, len3, product, 1))
        let px = { (aa: Double) -> Double in track * aa / scaleMax }

        var colours: [String: String] = [:]
        func colour(_ d: ProteinDomain) -> String {
            let key = d.pfam ?? d.name
            if let c = colours[key] { return c }
            let c = palette[colours.count % palette.count]
            colours[key] = c
            return c
        }
        for d in p5.domains + p3.domains { _ = colour(d.domain) }

        var s = ""
        var y = 30.0
        let rowHeight = 74.0
        let barHeight = 16.0

        func text(_ x: Double, _ y: Double, _ value: String, size: Double = 12, anchor: String = "start", weight: String = "normal", fill: String = "#1d232a") -> String {
            "<text x=\"\(fmt(x))\" y=\"\(fmt(y))\" font-size=\"\(fmt(size))\" text-anchor=\"\(anchor)\" font-weight=\"\(weight)\" fill=\"\(fill)\">\(ReportEscaping.html(value))</text>"
        }

        func domainBoxes(_ domains: [RetainedDomain], offset: Double, from: Int, to: Int, shift: Int, y: Double, faded: Bool) -> String {
            var out = ""
            var lastLabelEnd = -1e9
            // Overlapping domains (e.g. a CDD and a Pfam model of one kinase) go to lanes under the bar.
            var laneEnds: [Int] = []
            var placed: [(RetainedDomain, Int, Int, Int)] = []
            for d in domains.sorted(by: { ($0.domain.aaStart, -$0.domain.aaEnd, $0.domain.name) < ($1.domain.aaStart, -$1.domain.aaEnd, $1.domain.name) }) {
                let start = max(d.domain.aaStart, from), end = min(d.domain.aaEnd, to)
                guard end >= start else { continue }
                let lane = laneEnds.firstIndex { $0 < start } ?? laneEnds.count
                if lane == laneEnds.count { laneEnds.append(end) } else { laneEnds[lane] = end }
                placed.append((d, start, end, lane))
            }
            let labelY = y + barHeight + (laneEnds.count > 1 ? 14 + Double(min(laneEnds.count - 1, 3)) * 8 : 14)
            for (d, start, end, lane) in placed where lane <= 3 {
                let x0 = left + offset + px(Double(start - shift - 1)), x1 = left + offset + px(Double(end - shift))
                let opacity = faded ? 0.3 : 1.0
                let title = labels.domainTooltip(d)
                let boxY = lane == 0 ? y - 4 : y + barHeight + 3 + Double(lane - 1) * 8
                let boxHeight = lane == 0 ? barHeight + 8 : 6
                out += "<rect x=\"\(fmt(x0))\" y=\"\(fmt(boxY))\" width=\"\(fmt(max(1, x1 - x0)))\" height=\"\(fmt(boxHeight))\" rx=\"\(lane == 0 ? 3 : 1)\" fill=\"\(colour(d.domain))\" fill-opacity=\"\(fmt(opacity))\"><title>\(ReportEscaping.html(title))</title></rect>"
                guard lane == 0 else { continue }
                let mid = (x0 + x1) / 2
                let label = shortLabel(d.domain.name, room: max(x1 - x0, 60))
                let estimated = Double(label.count) * 6.2
                if mid - estimated / 2 > lastLabelEnd + 4 {
                    out += text(mid, labelY + 4, label, size: 10.5, anchor: "middle", fill: faded ? "#8a949e" : "#1d232a")
                    lastLabelEnd = mid + estimated / 2
                }
            }
            return out
        }

        /// One partner's full protein: kept part solid, lost part faded, breakpoint line.
        func partnerRow(_ p: PartnerReport, kept: ClosedRange<Int>?, isFive: Bool) {
            let length = max(p.proteinLength, 0)
            s += text(8, y + 12, p.gene, size: 13, weight: "bold")
            s += text(8, y + 27, "\(p.transcript) · \(length) \(labels.aminoAcids)", size: 10.5, fill: "#55606b")
            guard length > 0 else {
                s += "<rect x=\"\(fmt(left))\" y=\"\(fmt(y))\" width=\"\(fmt(px(scaleMax)))\" height=\"\(fmt(barHeight))\" fill=\"#d5dae0\"/>"
                s += text(left + 6, y + 12, labels.nonCodingBar, size: 11, fill: "#55606b")
                y += rowHeight
                return
            }
            let full = px(Double(length))
            s += "<rect x=\"\(fmt(left))\" y=\"\(fmt(y))\" width=\"\(fmt(full))\" height=\"\(fmt(barHeight))\" fill=\"#b8c2cc\" fill-opacity=\"0.35\"/>"
            if let kept, !(isFive == false && f.frame == .outOfFrame) {
                let x0 = left + px(Double(kept.lowerBound - 1)), x1 = left + px(Double(kept.upperBound))
                s += "<rect x=\"\(fmt(x0))\" y=\"\(fmt(y))\" width=\"\(fmt(max(1, x1 - x0)))\" height=\"\(fmt(barHeight))\" fill=\"#7d8b99\"/>"
            }
            // Domains: the kept part solid, the lost part faded.
            if let keptRange = kept, !(isFive == false && f.frame == .outOfFrame) {
                s += domainBoxes(p.domains, offset: 0, from: keptRange.lowerBound, to: keptRange.upperBound, shift: 0, y: y, faded: false)
                if keptRange.lowerBound > 1 {
                    s += domainBoxes(p.domains, offset: 0, from: 1, to: keptRange.lowerBound - 1, shift: 0, y: y, faded: true)
                }
                if keptRange.upperBound < length {
                    s += domainBoxes(p.domains, offset: 0, from: keptRange.upperBound + 1, to: length, shift: 0, y: y, faded: true)
                }
            } else {
                s += domainBoxes(p.domains, offset: 0, from: 1, to: length, shift: 0, y: y, faded: true)
            }
            // Breakpoint: after the last kept residue (5′) or before the first kept residue (3′).
            if let kept {
                let residue = isFive ? kept.upperBound : kept.lowerBound - 1
                if residue > 0 && residue < length {
                    let x = left + px(Double(residue))
                    s += "<line x1=\"\(fmt(x))\" y1=\"\(fmt(y - 10))\" x2=\"\(fmt(x))\" y2=\"\(fmt(y + barHeight + 6))\" stroke=\"#c0392b\" stroke-width=\"2\" stroke-dasharray=\"4 2\"/>"
                    let anchor = x < left + 70 ? "start" : (x > width - right - 70 ? "end" : "middle")
                    s += text(x, y - 13, "\(labels.breakpointLabel) \(residue)/\(residue + 1)", size: 10, anchor: anchor, fill: "#c0392b")
                }
            }
            if !isFive && f.frame == .outOfFrame {
                s += text(left + full + 6 > width - 150 ? left + 6 : left + full + 6, y + 12, labels.notTranslated, size: 10.5, fill: "#8a949e")
            }
            y += rowHeight
        }

        partnerRow(p5, kept: kept5, isFive: true)
        partnerRow(p3, kept: kept3, isFive: false)

        // The predicted fusion protein: the 5′ kept part, then the 3′ kept part when translated.
        s += text(8, y + 12, labels.fusionProtein, size: 13, weight: "bold")
        s += text(8, y + 27, f.fusionProteinLength.map { "\($0) \(labels.aminoAcids)" } ?? labels.notAvailable, size: 10.5, fill: "#55606b")
        var offset = 0.0
        if let kept5, keptLength5 > 0 {
            let w = px(Double(keptLength5))
            s += "<rect x=\"\(fmt(left))\" y=\"\(fmt(y))\" width=\"\(fmt(w))\" height=\"\(fmt(barHeight))\" fill=\"#7d8b99\"/>"
            s += domainBoxes(p5.domains, offset: 0, from: kept5.lowerBound, to: kept5.upperBound, shift: kept5.lowerBound - 1, y: y, faded: false)
            s += text(left + 2, y - 6, p5.gene, size: 10, fill: "#55606b")
            offset = w
        }
        if let kept3, keptLength3 > 0 {
            let w = px(Double(keptLength3))
            s += "<rect x=\"\(fmt(left + offset))\" y=\"\(fmt(y))\" width=\"\(fmt(w))\" height=\"\(fmt(barHeight))\" fill=\"#56636f\"/>"
            s += domainBoxes(p3.domains, offset: offset, from: kept3.lowerBound, to: kept3.upperBound, shift: kept3.lowerBound - 1, y: y, faded: false)
            s += text(left + offset + 2, y - 6, p3.gene, size: 10, fill: "#55606b")
            if offset > 0 {
                s += "<line x1=\"\(fmt(left + offset))\" y1=\"\(fmt(y - 4))\" x2=\"\(fmt(left + offset))\" y2=\"\(fmt(y + barHeight + 4))\" stroke=\"#c0392b\" stroke-width=\"2\"/>"
            }
            if f.frame == .utr5ToCDS {
                s += text(left + offset + w + 6, y + 12, labels.ownStart, size: 10.5, fill: "#55606b")
            }
            offset += w
        }
        if offset == 0 {
            s += "<rect x=\"\(fmt(left))\" y=\"\(fmt(y))\" width=\"\(fmt(px(scaleMax)))\" height=\"\(fmt(barHeight))\" fill=\"#d5dae0\"/>"
            s += text(left + 6, y + 12, labels.notAvailable, size: 11, fill: "#55606b")
        }
        y += rowHeight - 14

        // Legend.
        var legend = "<rect x=\"\(fmt(left))\" y=\"\(fmt(y - 9))\" width=\"14\" height=\"10\" fill=\"#7d8b99\"/>" + text(left + 19, y, labels.retainedPart, size: 10.5)
        legend += "<rect x=\"\(fmt(left + 150))\" y=\"\(fmt(y - 9))\" width=\"14\" height=\"10\" fill=\"#b8c2cc\" fill-opacity=\"0.35\"/>" + text(left + 169, y, labels.lostPart, size: 10.5)
        let domainNote: String? =
            !domainsAvailable ? labels.domainSourceAbsent : (p5.domains.isEmpty && p3.domains.isEmpty ? labels.noDomainsInSource : nil)
        if let domainNote { legend += text(left + 260, y, domainNote, size: 10.5, fill: "#8a5a00") }
        s += legend
        y += 10

        return "<svg class=\"protein\" role=\"img\" viewBox=\"0 0 \(fmt(width)) \(fmt(y))\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" xmlns=\"http://www.w3.org/2000/svg\"><title>\(ReportEscaping.html(labels.diagramTitle + (labels.language == .ja ? "：" : ": ") + f.displayName))</title>\(s)</svg>"
    }

    /// A signed bar centred on zero: positive (towards driver) right in blue, negative left in orange.
    public static func contributionBar(_ value: Double, maxMagnitude: Double) -> String {
        // A CSS bar (two small spans) rather than an SVG: cards carry one per evidence row,
        // and a 10k-SV patient's page must stay small. Width is a share of the whole bar.
        let half = 50.0
        let share = maxMagnitude > 0 ? min(half - 1, abs(value) / maxMagnitude * (half - 1)) : 0
        return "<span class=\"cbar\"><i class=\"\(value >= 0 ? "p" : "n")\" style=\"width:\(fmt(share))%\"></i></span>"
    }

    /// A label that fits a box: the name, cut with an ellipsis when longer than the room allows.
    static func shortLabel(_ name: String, room: Double) -> String {
        let fit = max(3, Int(room / 6.2))
        return name.count <= fit ? name : String(name.prefix(fit - 1)) + "…"
    }

    /// Fixed one-decimal formatting (locale-independent, so output is byte-stable).
    static func fmt(_ v: Double) -> String {
        let scaled = (v * 10).rounded()
        let sign = scaled < 0 ? "-" : ""
        let magnitude = Int(abs(scaled))
        return magnitude % 10 == 0 ? "\(sign)\(magnitude / 10)" : "\(sign)\(magnitude / 10).\(magnitude % 10)"
    }
}
