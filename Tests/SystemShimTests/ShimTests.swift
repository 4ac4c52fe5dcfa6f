import CCurl
import CNcursesw
import Foundation
import Testing

@Suite struct NcurseswShimTests {
    @Test func wideCharacterAPIAndAttributesImport() {
        let version = String(cString: curses_version())
        #expect(version.hasPrefix("ncurses 6"), "\(version)")
        #expect(nc_color_pair(2) == attr_t(COLOR_PAIR(2)))
        #expect(NC_A_BOLD != NC_A_NORMAL && NC_A_REVERSE != NC_A_BOLD)
        // A wide character takes two cells: the console aligns columns with this.
        setlocale(LC_ALL, "C.UTF-8")
        #expect(nc_wcwidth(wchar_t(bitPattern: UnicodeScalar("漢").value)) == 2)
        #expect(nc_wcwidth(wchar_t(bitPattern: UnicodeScalar("é").value)) == 1)
    }

    @Test func drawsIntoAVirtualScreen() throws {
        // newterm on /dev/null: a real SCREEN without a terminal.
        let out = fopen("/dev/null", "w"), input = fopen("/dev/null", "r")
        defer { fclose(out); fclose(input) }
        let screen = try #require(newterm("xterm-256color", out, input))
        defer { endwin(); delscreen(screen) }
        let window = try #require(nc_stdscr())
        var text = "Café ☕".unicodeScalars.map { wchar_t(bitPattern: $0.value) } + [0]
        #expect(mvwaddnwstr(window, 1, 2, &text, 6) == OK)
        var cell = cchar_t()
        #expect(mvwin_wch(window, 1, 5, &cell) == OK)
        var chars = [wchar_t](repeating: 0, count: 8)
        var attrs: attr_t = 0
        var pair: Int16 = 0
        getcchar(&cell, &chars, &attrs, &pair, nil)
        #expect(chars[0] == wchar_t(bitPattern: UnicodeScalar("é").value))
    }
}

@Suite struct CurlShimTests {
    @Test func versionNamesLibcurl() {
        #expect(String(cString: curl_version()).hasPrefix("libcurl/"))
    }

    @Test func typedSetoptWrappersDriveARequest() throws {
        let handle = try #require(curl_easy_init())
        defer { curl_easy_cleanup(handle) }
        // Port 1 on loopback is closed: a fast, network-free failure through the typed wrappers.
        #expect(ccurl_setopt_string(handle, CURLOPT_URL, "http://127.0.0.1:1/") == CURLE_OK)
        #expect(ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1) == CURLE_OK)
        #expect(ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, 2000) == CURLE_OK)
        #expect(ccurl_setopt_long(handle, CURLOPT_HTTPAUTH, CCURLAUTH_BASIC) == CURLE_OK)
        #expect(curl_easy_perform(handle) == CURLE_COULDNT_CONNECT)
        var code: Int = -1
        #expect(ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code) == CURLE_OK)
        #expect(code == 0)
    }
}
