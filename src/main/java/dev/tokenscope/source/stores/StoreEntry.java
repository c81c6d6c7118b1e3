package dev.tokenscope.source.stores;

import dev.tokenscope.model.Location;

/**
 * One key and value read from a store item (a Vault secret's field, a JSON secret's property, a
 * line of a credential file), with where it was read. The value is a secret: it is never printed.
 */
record StoreEntry(String key, String value, Location where) {

  @Override
  public String toString() {
    return key + "@" + where.display();
  }
}
