import Foundation
import Testing
import TestSupport
@testable import APXDrop

@Suite struct InboxEventsTests {
    static let mounts = """
        /dev/sda1 / ext4 rw,relatime 0 0
        nas:/export/apx /var/lib/apx nfs4 rw,vers=4.2 0 0
        //files/share /mnt/share cifs rw 0 0
        sshfs#u@h: /mnt/remote fuse.sshfs rw 0 0
        tmpfs /var/lib/apx/tmp tmpfs rw 0 0
        /dev/sdb1 /var/lib/apx-local ext4 rw 0 0
        """

    @Test func networkMountsAreKnownByTheLongestMountPoint() {
        #expect(InboxEvents.isNetworkFileSystem("/var/lib/apx/inbox", mounts: Self.mounts))
        #expect(InboxEvents.isNetworkFileSystem("/mnt/share/inbox", mounts: Self.mounts))
        #expect(InboxEvents.isNetworkFileSystem("/mnt/remote/x", mounts: Self.mounts))
        #expect(!InboxEvents.isNetworkFileSystem("/var/lib/apx/tmp/inbox", mounts: Self.mounts))
        #expect(!InboxEvents.isNetworkFileSystem("/var/lib/apx-local/inbox", mounts: Self.mounts))
        #expect(!InboxEvents.isNetworkFileSystem("/srv/apx/inbox", mounts: Self.mounts))
    }

    @Test func inotifyReportsDropsInFoldersMadeAfterTheStartButNotIgnoredNames() throws {
        let ws = TempWorkspace("apx-events")
        let events = InboxEvents(inbox: ws.path("inbox"), folders: [ws.path("inbox/rkqq")], wanted: nil)
        #expect(events.mode == .inotify)
        #expect(!events.drain())
        try FileManager.default.createDirectory(atPath: ws.path("inbox/rkqq"), withIntermediateDirectories: true)
        #expect(events.drain())                     // the folder appeared, and is watched from now on
        FileManager.default.createFile(atPath: ws.path("inbox/rkqq/.RKQQ.csv.part"), contents: Data("x".utf8))
        #expect(!events.drain())                    // a partner's temporary name is no drop
        FileManager.default.createFile(atPath: ws.path("inbox/rkqq/RKQQ_20261201_01.csv.ok"), contents: nil)
        #expect(events.drain())
        // A name whose text reads like an escape of a dot (`\x2E…`) is not a hidden name.
        FileManager.default.createFile(atPath: ws.path("inbox/rkqq/\\x2ERKQQ_20261201_02.csv"), contents: Data("x".utf8))
        #expect(events.drain())
        let poll = InboxEvents(inbox: ws.path("inbox"), folders: [], wanted: .poll)
        #expect(poll.mode == .poll && poll.fd == -1 && !poll.drain())
    }
}
