/** The views of a connection, in tab order (the number keys follow it). */
export const VIEWS = [
  { id: 'home', label: 'Home' },
  { id: 'messages', label: 'Messages' },
  { id: 'topics', label: 'Topics' },
  { id: 'charts', label: 'Charts' },
  { id: 'devices', label: 'Devices' },
  { id: 'inspector', label: 'Inspector' },
  { id: 'discovery', label: 'Discovery' },
  { id: 'history', label: 'History' },
  { id: 'retained', label: 'Retained' },
  { id: 'broker', label: 'Broker' },
  { id: 'lessons', label: 'Lessons' },
] as const;
