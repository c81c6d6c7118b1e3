package dev.tokenscope.assess;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * An inventory file, whatever its bytes, loads or fails with an {@link InventoryException} listing
 * its problems: never another exception or a hang. Seeds: {@code InventoryFuzzTestInputs/}.
 */
class InventoryFuzzTest {

  @FuzzTest(maxDuration = "2m")
  void anyBytesGiveAnInventoryOrItsProblems(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    try {
      assertThat(Inventory.parse("tokens.yaml", text)).isNotNull();
    } catch (InventoryException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }
}
