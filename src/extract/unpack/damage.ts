/** A container whose structure is broken; each reader prefixes its own words ("damaged DOCX: …"). */
export class ContainerDamage extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'ContainerDamage';
  }
}
