import CourseBridgeEngine
import Foundation
import Logging

/// `GET /launch/{courseId}?user=EMAIL&expires=UNIX&sig=HEX`: a signed link from the learning platform
/// (see `LaunchGate`). Every invalid link gets the same 403, whoever and whatever it names.
extension StatisticsRoutes {
    func launch(courseId: String, _ request: ServerRequest) -> ServerResponse {
        // Nothing a browser or proxy should keep, and the signed link is not passed on as a Referer.
        let privately = [("Cache-Control", "no-store"), ("Referrer-Policy", "no-referrer")]
        switch launchGate.launch(courseId: courseId, query: request.query, source: request.clientAddress) {
        case .redirect(let url):
            logger.info("launch", metadata: ["course": "\(Int64(courseId) ?? 0)"])
            return ServerResponse(status: 302, headers: [("Location", url)] + privately)
        case .refused:
            return .error(403, "forbidden", LaunchGate.refusal, headers: privately)
        case .rateLimited(let seconds):
            return .error(429, "too_many_requests", "too many launches: wait \(seconds) seconds and try again",
                          headers: [("Retry-After", "\(seconds)")] + privately)
        case .unavailable(let message):
            return .error(403, "unavailable", message, headers: privately)
        case .failed(let message):
            logger.error("launch failed: \(message)")
            return .error(500, "server_error", "the launch could not be recorded; try again", headers: privately)
        }
    }
}
