/**
 * One derived value per key object, made on first use and dropped with the key: the get-or-create cache
 * the views keep beside the buffers (a preview per message, a view per log, a decoding per packet).
 */
export function weakCache<K extends object, V>(make: (key: K) => V): (key: K) => V {
  const cache = new WeakMap<K, V>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = make(key);
      cache.set(key, value);
    }
    return value;
  };
}
