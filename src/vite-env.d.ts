/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Set by `npm start`: the embedded broker's WebSocket URL, the app's default connection. */
  readonly VITE_DEMO_BROKER_URL?: string;
  readonly VITE_DEMO_REGISTRY_URL?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
