// dns-packet's type registry has no published typings.
declare module 'dns-packet/types.js' {
  export function toType(name: string): number;
  export function toString(type: number): string;
}
