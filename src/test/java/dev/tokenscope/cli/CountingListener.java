package dev.tokenscope.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP listener that a hostile repository might name as a provider's address: it counts
 * the connections made to it and answers each with one fixed status line, so a test can show that
 * nothing (no token) was sent to it.
 */
final class CountingListener implements AutoCloseable {
  private final ServerSocket socket;
  private final AtomicInteger accepted = new AtomicInteger();

  /** A listener answering {@code HTTP/1.1 <statusLine>} to every connection. */
  CountingListener(String statusLine) throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    byte[] answer = ("HTTP/1.1 " + statusLine + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    Thread thread =
        new Thread(
            () -> {
              while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                  accepted.incrementAndGet();
                  s.getOutputStream().write(answer);
                } catch (IOException e) {
                  return;
                }
              }
            });
    thread.setDaemon(true);
    thread.start();
  }

  int port() {
    return socket.getLocalPort();
  }

  int connections() {
    return accepted.get();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
