package cohortbank.common.net;

/** One received datagram: who sent it and its text, already decoded from UTF-8. */
public record Datagram(Endpoint from, String text) {
}
