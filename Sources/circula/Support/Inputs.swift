import CirculaCore
import CirculaWorkspace

/// Loads a lot file, or the bundled sample when `path` is nil (the `--lots` option of several commands).
func loadLots(_ path: String?) throws(InputErrors) -> [Lot] {
    try LotSource(path: path).load()
}
