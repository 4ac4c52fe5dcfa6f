import CourseBridgeData
import CourseBridgeEngine
import CourseBridgeTestSupport

extension PlatformFixture {
    /// The permission rules over the fixture's store, as the CLI and the console use them.
    var editing: PlatformEditing { PlatformEditing(store: store) }
}
