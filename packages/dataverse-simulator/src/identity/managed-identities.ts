/**
 * The identities Azure has assigned to the resource the simulator plays (a container app, a VM):
 * at most one system-assigned identity, and any number of user-assigned ones, by client id.
 */
export class ManagedIdentities {
  private readonly userAssigned = new Set<string>();

  constructor(private systemAssigned: string | undefined) {}

  /** Assigns a user-assigned identity. */
  assign(clientId: string): void {
    this.userAssigned.add(clientId.toLowerCase());
  }

  /** Removes a user-assigned identity, or the system-assigned one when it has this client id. */
  unassign(clientId: string): void {
    const id = clientId.toLowerCase();
    this.userAssigned.delete(id);
    if (this.systemAssigned === id) this.systemAssigned = undefined;
  }

  /**
   * The client id a token request stands for: the one it names if assigned, otherwise (naming
   * none) the system-assigned identity if there is one. Undefined: no such identity here.
   */
  resolve(requested: string | undefined): string | undefined {
    if (requested === undefined) return this.systemAssigned;
    const id = requested.toLowerCase();
    return this.userAssigned.has(id) ? id : undefined;
  }
}
