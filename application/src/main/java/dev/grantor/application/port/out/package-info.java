/**
 * Secondary ports: what the engine needs from the world (storage, mail, events, time, ids, keys,
 * transactions). Each is named for the aggregate or capability it serves; adapters implement them and
 * prove it by running the matching contract test of the adapter kit (grantor-adapter-kit).
 */
@SecondaryPort
package dev.grantor.application.port.out;

import org.jmolecules.architecture.hexagonal.SecondaryPort;
