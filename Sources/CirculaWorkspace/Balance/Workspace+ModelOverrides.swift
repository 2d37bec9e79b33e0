import CirculaCore
import Foundation

extension Workspace {
    /// The what-if overrides of a model: each `--set` text (`smelting_flash.Cu.slag=0.02`), then the lines of an
    /// overrides file, in that order.
    /// - Throws: `InputErrors` with every bad override and every bad line of the file, each located
    ///   (`--set: …`, `set.txt:3: …`); the file is read as UTF-8 text (`TextFile`).
    ///
    /// ```swift
    /// let overrides = try Workspace.modelOverrides(["smelting_flash.Cu.slag=0.02"])
    /// ```
    public static func modelOverrides(_ texts: [String], file: String? = nil) throws(InputErrors) -> [ModelOverride] {
        var result: [ModelOverride] = []
        var errors: [LocatedError] = []
        for text in texts {
            do { result.append(try ModelOverride.parse(text, origin: SourceLocation(file: "--set"))) } catch { errors.append(error) }
        }
        if let file {
            do throws(LocatedError) {
                let text = try TextFile.read(URL(fileURLWithPath: file), displayName: file)
                do throws(InputErrors) { result += try ModelOverride.parseFile(text, file: file) } catch { errors += error.errors }
            } catch { errors.append(error) }
        }
        if !errors.isEmpty { throw InputErrors(errors) }
        return result
    }
}
